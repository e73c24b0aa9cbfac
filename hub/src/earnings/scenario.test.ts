import { describe, expect, it } from 'vitest';
import { attribute } from './attribution.js';
import { buildCalendar } from './calendar.js';
import { deviceDays } from './device-day.js';
import type { EnergyReading } from './energy.js';
import { deviceMetrics } from './metrics.js';
import { formatCents } from './money.js';
import { monthSummary } from './month.js';
import { planTariff, type Tariff } from './tariff.js';
import { indexPrices, valueRewards } from './valuation.js';

/**
 * The whole chain on a scenario computed by hand: one GPU box at a steady 120 W, a time-of-use tariff,
 * $31/month hosting, and one Helium reward of 1.5 HNT at 10:30 UTC on Monday 2024-01-01 priced $4.00
 * in that hour ($3.50 today).
 */
describe('scenario: rewards, prices, watt-hours and a TOU tariff to the cent', () => {
  const cal = buildCalendar('2024-01-01', '2024-01-02');
  const readings: EnergyReading[] = [];
  for (let t = cal.startMs, wh = 0; t <= cal.endMs; t += 60_000, wh += 2)
    readings.push({ ts: t, energyWhTotal: wh, epochId: 'e', watts: 120 });
  const tou: Tariff = {
    kind: 'tou',
    currency: 'usd',
    effectiveFrom: '2023-01-01',
    defaultPricePerKwh: '0.10',
    bands: [{ days: [1, 2, 3, 4, 5], fromHour: 17, toHour: 21, pricePerKwh: '0.40' }],
  };
  const rewards = valueRewards(
    [
      {
        network: 'helium',
        account: 'hotspot-1',
        token: 'HNT',
        amount: '150000000',
        ts: Date.UTC(2024, 0, 1, 10, 30),
      },
    ],
    indexPrices([
      { token: 'HNT', currency: 'usd', ts: Date.UTC(2024, 0, 1, 10, 2), price: '4.00', source: 'coingecko' },
    ]),
    new Map([['HNT', '3.50']]),
  );
  const activity = new Map([
    [
      'd1',
      new Map([
        ['2024-01-01', { uptimeS: 86_400, gpuBusyS: 36_000, bytes: 0 }],
        ['2024-01-02', { uptimeS: 86_400, gpuBusyS: 36_000, bytes: 0 }],
      ]),
    ],
  ]);
  const { shares, unattributed } = attribute(
    cal,
    rewards,
    [{ network: 'helium', account: 'hotspot-1', devices: ['d1'], rule: { kind: 'equal' } }],
    activity,
  );
  const days = deviceDays(
    cal,
    {
      device: 'd1',
      readings,
      plan: planTariff(cal, [tou]),
      fixedCosts: [{ name: 'hosting', monthly: '31.00' }],
    },
    shares,
    activity,
  );

  it('daily gross, energy, fixed and net', () => {
    expect(unattributed).toEqual([]);
    // Mon: gross 1.5 × $4.00 = $6.00 (at today's $3.50: $5.25)
    //      energy: peak 17–21 = 4 h × 0.12 kWh × $0.40 = $0.192; off-peak 20 h × 0.12 × $0.10 = $0.24 → $0.432
    //      fixed $31 / 31 days = $1.00 ; net 6.00 − 0.432 − 1.00 = $4.568 → $4.57
    // Tue: gross 0 ; energy $0.432 ; fixed $1.00 ; net −$1.432 → −$1.43
    const [mon, tue] = days;
    expect(mon).toMatchObject({
      grossMicros: 6_000_000n,
      grossNowMicros: 5_250_000n,
      energyCostMicros: 432_000n,
      fixedMicros: 1_000_000n,
      netMicros: 4_568_000n,
      complete: true,
    });
    expect(mon?.energy.measuredKwh).toBe('2.880000');
    expect(formatCents(mon?.netMicros ?? 0n)).toBe('4.57');
    expect(tue).toMatchObject({ grossMicros: 0n, energyCostMicros: 432_000n, netMicros: -1_432_000n });
    expect(formatCents(tue?.netMicros ?? 0n)).toBe('-1.43');
  });

  it('month to date and projected month', () => {
    // MTD 4.568 − 1.432 = $3.136 ; projection 3.136 × 31 / 2 = $48.608
    const s = monthSummary(days, '2024-01-02');
    expect(s.monthToDateMicros).toBe(3_136_000n);
    expect(s.projectedMonthMicros).toBe(48_608_000n);
    expect(formatCents(s.projectedMonthMicros ?? 0n)).toBe('48.61');
  });

  it('reconciliation metrics', () => {
    const m = deviceMetrics(days);
    // 100 % up ; $6.00 over 48 online hours = $0.125/h ; 150,000,000 units / 20 GPU-busy hours = 7,500,000
    expect(m.uptimeBasisPoints).toBe(10_000n);
    expect(m.grossPerOnlineHourMicros).toBe(125_000n);
    expect(m.tokens).toEqual([
      { network: 'helium', token: 'HNT', amount: 150_000_000n, perGpuBusyHour: 7_500_000n, perGb: null },
    ]);
  });
});
