import { describe, expect, it } from 'vitest';
import {
  type AccountLink,
  type ActivityIndex,
  type Amounts,
  attribute,
  type DeviceActivity,
} from './attribution.js';
import { buildCalendar } from './calendar.js';
import { prng } from './testing/prng.js';
import type { ValuedReward } from './valuation.js';

const cal = buildCalendar('2024-01-01', '2024-01-03');
const T = Date.UTC(2024, 0, 1, 12);
const reward = (account: string, amount: bigint, value: bigint | null, ts = T): ValuedReward => ({
  network: 'helium',
  account,
  token: 'HNT',
  amount: String(amount),
  ts,
  valueMicros: value,
  valueNowMicros: value,
});
const act = (entries: [string, string, Partial<DeviceActivity>][]): ActivityIndex => {
  const m = new Map<string, Map<string, DeviceActivity>>();
  for (const [device, day, a] of entries) {
    const byDay = m.get(device) ?? new Map();
    byDay.set(day, { uptimeS: 0, gpuBusyS: 0, bytes: 0, ...a });
    m.set(device, byDay);
  }
  return m;
};
const link = (rule: AccountLink['rule'], devices = ['d1', 'd2', 'd3']): AccountLink => ({
  network: 'helium',
  account: 'A',
  devices,
  rule,
});

describe('attribution', () => {
  it('equal split: 100 units / 3 = 34, 33, 33 (the odd unit to the lowest id)', () => {
    const { shares } = attribute(cal, [reward('A', 100n, 1_000n)], [link({ kind: 'equal' })], new Map());
    expect(shares.map((s) => [s.device, s.amount, s.valueMicros])).toEqual([
      ['d1', 34n, 334n],
      ['d2', 33n, 333n],
      ['d3', 33n, 333n],
    ]);
  });

  it('uptime-weighted: 86,400 s vs 43,200 s vs 0 → 2/3, 1/3, 0 of 1000 = 667, 333, 0', () => {
    const a = act([
      ['d1', '2024-01-01', { uptimeS: 86_400 }],
      ['d2', '2024-01-01', { uptimeS: 43_200 }],
    ]);
    const { shares } = attribute(cal, [reward('A', 1000n, 1000n)], [link({ kind: 'uptime' })], a);
    expect(shares.map((s) => s.amount)).toEqual([667n, 333n, 0n]);
  });

  it('explicit weights, GPU-busy and bandwidth rules', () => {
    const a = act([
      ['d1', '2024-01-01', { gpuBusyS: 3600, bytes: 1n }],
      ['d2', '2024-01-01', { gpuBusyS: 7200, bytes: 3n }],
    ]);
    const r = [reward('A', 90n, 90n)];
    const w = attribute(cal, r, [link({ kind: 'weights', weights: { d1: 2, d3: 1 } })], a).shares;
    expect(w.map((s) => s.amount)).toEqual([60n, 0n, 30n]); // 90 × 2/3, 0, 90 × 1/3
    const g = attribute(cal, r, [link({ kind: 'gpu-busy' })], a).shares;
    expect(g.map((s) => s.amount)).toEqual([30n, 60n, 0n]); // 1 h : 2 h
    const b = attribute(cal, r, [link({ kind: 'bandwidth' })], a).shares;
    expect(b.map((s) => s.amount)).toEqual([23n, 67n, 0n]); // 22.5 → 22 + .5, 67.5 → 67 + .5: tie → lower id
  });

  it('reports what it cannot attribute, with the reason', () => {
    const rewards = [
      reward('B', 5n, 5n),
      reward('A', 7n, null),
      reward('A', 1n, 1n, Date.UTC(2030, 0, 1)),
      reward('C', 3n, 3n),
    ];
    const links = [
      link({ kind: 'uptime' }),
      { network: 'helium', account: 'C', devices: [], rule: { kind: 'equal' } } as AccountLink,
    ];
    const { shares, unattributed } = attribute(cal, rewards, links, new Map());
    expect(shares).toEqual([]);
    expect(unattributed.map((u) => [u.account, u.reason, u.amount, u.unpricedAmount])).toEqual([
      ['B', 'unlinked-account', 5n, 0n],
      ['A', 'no-weight', 7n, 7n],
      ['A', 'outside-range', 1n, 0n],
      ['C', 'no-devices', 3n, 0n],
    ]);
  });

  it('conserves every total exactly for random inputs (seed 7, 300 cases)', () => {
    const r = prng(7);
    const days = ['2024-01-01', '2024-01-02', '2024-01-03'];
    const rules: AccountLink['rule']['kind'][] = ['weights', 'equal', 'uptime', 'gpu-busy', 'bandwidth'];
    for (let c = 0; c < 300; c++) {
      const devices = Array.from({ length: r.int(1, 8) }, (_, i) => `dev${i}`);
      const entries: [string, string, Partial<DeviceActivity>][] = [];
      for (const d of devices)
        for (const day of days)
          if (r.int(0, 3) > 0)
            entries.push([
              d,
              day,
              { uptimeS: r.int(0, 86_400), gpuBusyS: r.int(0, 3) ? r.int(0, 86_400) : 0, bytes: r.big(12) },
            ]);
      const links: AccountLink[] = Array.from({ length: r.int(1, 4) }, (_, k) => {
        const kind = rules[r.int(0, 4)] ?? 'equal';
        const mine = devices.filter(() => r.int(0, 2) > 0);
        const rule: AccountLink['rule'] =
          kind === 'weights'
            ? { kind, weights: Object.fromEntries(mine.map((d) => [d, r.int(0, 5)])) }
            : { kind };
        return { network: 'helium', account: `acct${k}`, devices: mine, rule };
      });
      const rewards = Array.from({ length: r.int(1, 40) }, () => {
        const amount = r.big(r.int(1, 20));
        return reward(
          `acct${r.int(0, 4)}`,
          amount,
          r.int(0, 4) ? r.big(r.int(1, 12)) : null,
          T - 12 * 3_600_000 + r.int(0, 3 * 86_400_000 + 3_600_000),
        );
      });
      const { shares, unattributed } = attribute(cal, rewards, links, act(entries));
      const total = (rows: Amounts[], f: keyof Amounts) => rows.reduce((a, x) => a + x[f], 0n);
      const amount = rewards.reduce((a, x) => a + BigInt(x.amount), 0n);
      const value = rewards.reduce((a, x) => a + (x.valueMicros ?? 0n), 0n);
      const unpriced = rewards.reduce((a, x) => a + (x.valueMicros === null ? BigInt(x.amount) : 0n), 0n);
      expect(total(shares, 'amount') + total(unattributed, 'amount')).toBe(amount);
      expect(total(shares, 'valueMicros') + total(unattributed, 'valueMicros')).toBe(value);
      expect(total(shares, 'unpricedAmount') + total(unattributed, 'unpricedAmount')).toBe(unpriced);
    }
  });
});
