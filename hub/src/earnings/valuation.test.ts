import { describe, expect, it } from 'vitest';
import type { PricePoint } from '../prices/types.js';
import { indexPrices, priceAt, valueRewards } from './valuation.js';

const H = 3_600_000;
const T = Date.UTC(2024, 0, 1);
const p = (token: string, ts: number, price: string, currency = 'usd'): PricePoint => ({
  token,
  currency,
  ts,
  price,
  source: 't',
});

describe('valuation', () => {
  const index = indexPrices([
    p('HNT', T + 10 * H + 5 * 60_000, '4.00'),
    p('HNT', T + 11 * H, '5.00'),
    p('HNT', T + 10 * H, '9.99', 'eur'),
  ]);

  it('values a reward at its own hour, and at today for comparison', () => {
    const [r] = valueRewards(
      [{ network: 'helium', account: 'a', token: 'HNT', amount: '150000000', ts: T + 10 * H + 30 * 60_000 }],
      index,
      new Map([['HNT', '3.50']]),
    );
    // 1.5 HNT (8 decimals) × $4.00 = $6.00 ; × $3.50 spot = $5.25
    expect(r?.valueMicros).toBe(6_000_000n);
    expect(r?.valueNowMicros).toBe(5_250_000n);
  });

  it('a missing price leaves the value unknown, not 0 and not borrowed', () => {
    const [r] = valueRewards(
      [{ network: 'helium', account: 'a', token: 'HNT', amount: '1', ts: T + 12 * H + 600_000 }],
      index,
    );
    expect(r?.valueMicros).toBeNull();
    expect(r?.valueNowMicros).toBeNull();
    expect(priceAt(index, 'MOBILE', T + 10 * H)).toBeUndefined();
  });

  it('picks the point nearest the reward inside the hour', () => {
    const two = indexPrices([p('HNT', T, '1.00'), p('HNT', T + 50 * 60_000, '2.00')]);
    expect(priceAt(two, 'HNT', T + 20 * 60_000)).toBe('1.00');
    expect(priceAt(two, 'HNT', T + 40 * 60_000)).toBe('2.00');
  });

  it('pegged tokens are their peg; unknown tokens are unknown', () => {
    const [act, bad] = valueRewards(
      [
        { network: 'akash', account: 'a', token: 'ACT', amount: '2500000', ts: T },
        { network: 'x', account: 'a', token: 'NOPE', amount: '1', ts: T },
      ],
      index,
    );
    expect(act?.valueMicros).toBe(2_500_000n); // 2.5 ACT × $1
    expect(bad?.valueMicros).toBeNull();
  });
});
