import { describe, expect, it } from 'vitest';
import { monthSummary, payback } from './month.js';
import { makeDay } from './testing/days.js';
import { addDays } from './zone.js';

const run = (
  from: string,
  n: number,
  grossMicros: bigint,
  extra: { amortizationMicros?: bigint; energyCostMicros?: bigint } = {},
) => Array.from({ length: n }, (_, i) => makeDay(addDays(from, i), { grossMicros, ...extra }));

describe('month to date, projection and payback', () => {
  it('month to date and the month projected from what there is', () => {
    const days = run('2024-01-01', 15, 1_000_000n);
    // 15 days × $1 = $15 ; projection $15 / 15 days × 31 days = $31
    expect(monthSummary(days, '2024-01-15')).toEqual({
      monthToDateMicros: 15_000_000n,
      projectedMonthMicros: 31_000_000n,
      trailingDays: 15,
    });
  });

  it('projects from the trailing 30 days only, across a month boundary', () => {
    // Dec 2023: 20 days at $3 (12-12 .. 12-31), Jan 2024: 10 days at $1 → trailing 30 = 60 + 10 = $70
    const days = [
      ...run('2023-12-12', 20, 3_000_000n),
      ...run('2024-01-01', 10, 1_000_000n),
      ...run('2023-11-01', 5, 99_000_000n),
    ];
    const s = monthSummary(days, '2024-01-10');
    expect(s.monthToDateMicros).toBe(10_000_000n);
    // 70 × 31 / 30 = 72.333333… → 72,333,333 µ$
    expect(s.projectedMonthMicros).toBe(72_333_333n);
    expect(s.trailingDays).toBe(30);
  });

  it('net subtracts amortization, payback uses operating net', () => {
    const days = run('2024-01-01', 10, 2_500_000n, {
      energyCostMicros: 500_000n,
      amortizationMicros: 1_000_000n,
    });
    expect(days[0]?.netMicros).toBe(1_000_000n); // 2.5 − 0.5 − 1.0
    // operating $2/day; price $100; after 10 days $20 paid, $80 left at $2/day → 40 more days
    expect(payback(days, 100_000_000n, '2024-01-01', '2024-01-10')).toEqual({
      status: 'projected',
      on: '2024-02-19',
      remainingMicros: 80_000_000n,
    });
    expect(payback(days, 10_000_000n, '2024-01-01', '2024-01-10')).toEqual({
      status: 'paid',
      on: '2024-01-05',
    });
    const losing = run('2024-01-01', 10, 0n, { energyCostMicros: 1n });
    expect(payback(losing, 10n, '2024-01-01', '2024-01-10')).toEqual({
      status: 'never',
      remainingMicros: 20n,
    });
  });
});
