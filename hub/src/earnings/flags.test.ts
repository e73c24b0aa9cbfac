import { describe, expect, it } from 'vitest';
import type { DeviceDay } from './device-day.js';
import { medianOf, reconcile } from './flags.js';
import { makeDay } from './testing/days.js';
import { addDays } from './zone.js';

const TODAY = '2024-02-01';
const NOW = Date.UTC(2024, 1, 1, 18);
const hnt = (amount: bigint) => [{ network: 'helium', token: 'HNT', amount, valueMicros: amount * 10n }];

/** 29 days ending today: online, GPU-busy, earning 1,000 HNT units a day (helium pays the day after). */
function healthy(): DeviceDay[] {
  return Array.from({ length: 29 }, (_, i) =>
    makeDay(addDays(TODAY, i - 28), {
      gpuBusyS: 40_000,
      tokens: hnt(1000n + BigInt(i % 3)),
      energyCostMicros: 1_000n,
    }),
  );
}
const opts = {
  today: TODAY,
  nowMs: NOW,
  payouts: [{ network: 'helium', account: 'A', lastPayoutTs: NOW - 20 * 3_600_000 }],
};

describe('reconciliation flags', () => {
  it('stay quiet on a healthy device', () => {
    expect(reconcile(healthy(), opts)).toEqual([]);
  });

  it('healthy but not earning: online and busy, 300 < 50 % of its 1,001 median', () => {
    // prior 28 days hold 1000 ×10, 1001 ×9, 1002 ×9 → lower median (14th of 28) = 1001
    const days = healthy();
    days[28] = makeDay(TODAY, { gpuBusyS: 40_000, tokens: hnt(300n) });
    expect(reconcile(days, opts)).toEqual([
      { kind: 'healthy-but-not-earning', day: TODAY, token: 'HNT', amount: 300n, baseline: 1001n },
    ]);
    // not when it was offline or idle that day (the low reward is explained)
    days[28] = makeDay(TODAY, { uptimeS: 3600, gpuBusyS: 40_000, tokens: hnt(300n) });
    expect(reconcile(days, opts)).toEqual([]);
    days[28] = makeDay(TODAY, { gpuBusyS: 0, tokens: hnt(300n) });
    expect(reconcile(days, opts)).toEqual([]);
  });

  it('earning while offline: helium pays on D for D−1, and D−1 was down', () => {
    const days = healthy();
    const i = 20; // day i pays 1000 + 20 mod 3 = 1002 units for day i − 1
    days[i - 1] = makeDay(addDays(TODAY, i - 1 - 28), { uptimeS: 0, gpuBusyS: 0, tokens: hnt(1000n) });
    const day = addDays(TODAY, i - 28);
    const flags = reconcile(days, opts);
    expect(flags).toEqual([
      {
        kind: 'earning-while-offline',
        day,
        network: 'helium',
        token: 'HNT',
        amount: 1002n,
        periodFrom: addDays(day, -1),
        periodTo: addDays(day, -1),
      },
    ]);
  });

  it('late payout: no helium payout for 2 days + 1 ms', () => {
    const late = {
      ...opts,
      payouts: [{ network: 'helium', account: 'A', lastPayoutTs: NOW - 2 * 86_400_000 - 1 }],
    };
    expect(reconcile(healthy(), late)).toEqual([
      {
        kind: 'late-payout',
        network: 'helium',
        account: 'A',
        lastPayoutTs: NOW - 2 * 86_400_000 - 1,
        overdueMs: 1,
      },
    ]);
    // weekly networks are allowed 14 days
    const render = {
      ...opts,
      payouts: [{ network: 'render', account: 'R', lastPayoutTs: NOW - 10 * 86_400_000 }],
    };
    expect(reconcile(healthy(), render)).toEqual([]);
  });

  it('costs more than it earns over the last 30 days', () => {
    const days = healthy().map((d) => ({ ...d, energyCostMicros: 6_000n, fixedMicros: 5_000n }));
    // gross Σ (1000 + i mod 3) × 10 over i = 0..28 = 290,000 + 10 × (10·0 + 10·1 + 9·2) = 290,280 µ$
    // < cost 29 × (6,000 + 5,000) = 319,000 µ$
    const [flag] = reconcile(days, opts);
    expect(flag).toMatchObject({
      kind: 'costs-more-than-it-earns',
      grossMicros: 290_280n,
      costMicros: 319_000n,
    });
  });

  it('lower median', () => {
    expect(medianOf([3n, 1n, 2n, 10n])).toBe(2n);
  });
});
