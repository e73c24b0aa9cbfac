import { describe, expect, it } from 'vitest';
import { formatCents, formatMicros, roundDiv, splitLargestRemainder, spreadEvenly } from './money.js';
import { prng } from './testing/prng.js';

describe('money', () => {
  it('rounds half away from zero', () => {
    expect(roundDiv(5n, 2n)).toBe(3n); // 2.5 → 3
    expect(roundDiv(-5n, 2n)).toBe(-3n); // −2.5 → −3
    expect(roundDiv(7n, 3n)).toBe(2n); // 2.33 → 2
    expect(roundDiv(5n, -2n)).toBe(-3n);
  });

  it('splits by largest remainder', () => {
    // 100 / 3 = 33 r 1 each; remainders tie → the extra unit goes to the lowest index
    expect(splitLargestRemainder(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    // 10 × (1, 2, 3)/6 = 1.67, 3.33, 5 → floors 1, 3, 5 (=9); largest remainder (.67) gets the 10th
    expect(splitLargestRemainder(10n, [1n, 2n, 3n])).toEqual([2n, 3n, 5n]);
    expect(splitLargestRemainder(-10n, [1n, 2n, 3n])).toEqual([-2n, -3n, -5n]);
    expect(splitLargestRemainder(7n, [0n, 0n])).toBeNull();
    expect(splitLargestRemainder(7n, [0n, 5n])).toEqual([0n, 7n]);
  });

  it('conserves totals for random inputs (seed 42, 2000 cases)', () => {
    const r = prng(42);
    for (let i = 0; i < 2000; i++) {
      const weights = Array.from({ length: r.int(1, 12) }, () =>
        BigInt(r.int(0, 3) === 0 ? 0 : r.int(1, 1e6)),
      );
      const total = r.big(r.int(1, 30)) * (r.int(0, 1) ? 1n : -1n);
      const parts = splitLargestRemainder(total, weights);
      if (weights.every((w) => w === 0n)) expect(parts).toBeNull();
      else {
        expect(parts?.reduce((a, b) => a + b, 0n)).toBe(total);
        parts?.forEach((p, k) => {
          if (weights[k] === 0n) expect(p).toBe(0n);
        });
      }
    }
  });

  it('spreads a month evenly and exactly', () => {
    // 10,000,000 µ over 29 days = 344,827 r 17: days 1–17 get 344,828
    expect(spreadEvenly(10_000_000n, 29, 0)).toBe(344_828n);
    expect(spreadEvenly(10_000_000n, 29, 16)).toBe(344_828n);
    expect(spreadEvenly(10_000_000n, 29, 17)).toBe(344_827n);
    let sum = 0n;
    for (let i = 0; i < 29; i++) sum += spreadEvenly(10_000_000n, 29, i);
    expect(sum).toBe(10_000_000n);
  });

  it('formats', () => {
    expect(formatMicros(-1_234_567n)).toBe('-1.234567');
    expect(formatCents(4_568_000n)).toBe('4.57');
    expect(formatCents(-5_000n)).toBe('-0.01'); // −0.005 → −0.01 (half away from zero)
  });
});
