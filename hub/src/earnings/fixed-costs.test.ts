import { describe, expect, it } from 'vitest';
import { addMonths, amortizationForDay, fixedCostForDay } from './fixed-costs.js';
import { addDays } from './zone.js';

describe('fixed costs and amortization', () => {
  it('a monthly cost is spread over the days of its month and sums exactly', () => {
    const costs = [{ name: 'hosting', monthly: '31.00' }];
    expect(fixedCostForDay(costs, '2024-01-05')).toBe(1_000_000n); // 31 $ / 31 days
    // 10 $ over Feb 2024 (29 days): 344,827 r 17 → days 1–17 get 344,828
    const feb = [{ name: 'internet share', monthly: '10' }];
    expect(fixedCostForDay(feb, '2024-02-17')).toBe(344_828n);
    expect(fixedCostForDay(feb, '2024-02-18')).toBe(344_827n);
    let sum = 0n;
    for (let d = '2024-02-01'; d <= '2024-02-29'; d = addDays(d, 1)) sum += fixedCostForDay(feb, d);
    expect(sum).toBe(10_000_000n);
  });

  it('a cost with from/to only charges its days', () => {
    const costs = [{ name: 'x', monthly: '31', from: '2024-01-10', to: '2024-01-20' }];
    expect(fixedCostForDay(costs, '2024-01-09')).toBe(0n);
    expect(fixedCostForDay(costs, '2024-01-10')).toBe(1_000_000n);
    expect(fixedCostForDay(costs, '2024-01-21')).toBe(0n);
  });

  it('adds months with the day clamped', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-01-31', 2)).toBe('2024-03-31');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
  });

  it('amortization sums to the price over its anniversary months', () => {
    const a = { price: '1200', months: 12, start: '2024-01-31' };
    // month 0 = 2024-01-31 .. 2024-02-28 (29 days): 100,000,000 / 29 = 3,448,275 r 25
    expect(amortizationForDay(a, '2024-01-31')).toBe(3_448_276n);
    expect(amortizationForDay(a, '2024-02-28')).toBe(3_448_275n);
    expect(amortizationForDay(a, '2024-01-30')).toBe(0n);
    expect(amortizationForDay(a, '2025-01-31')).toBe(0n);
    let sum = 0n;
    for (let d = '2024-01-31'; d < '2025-01-31'; d = addDays(d, 1)) sum += amortizationForDay(a, d);
    expect(sum).toBe(1_200_000_000n);
  });

  it('an odd price over months keeps every micro-unit', () => {
    const a = { price: '999.999999', months: 7, start: '2024-03-15' };
    let sum = 0n;
    for (let d = '2024-03-01'; d < '2024-12-31'; d = addDays(d, 1)) sum += amortizationForDay(a, d);
    expect(sum).toBe(999_999_999n);
  });
});
