import { ErrorCodes } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { decimalFromFixed, decimalFromNumber, valueMicros } from './decimal.js';
import { FallbackPrices } from './fallback.js';
import type { PricePoint, PriceProvider } from './types.js';

describe('decimal prices and money', () => {
  it('converts Pyth fixed point exactly', () => {
    expect(decimalFromFixed('2920679499999', -8)).toBe('29206.79499999');
    expect(decimalFromFixed('5', -3)).toBe('0.005');
    expect(decimalFromFixed('120', 2)).toBe('12000');
    expect(decimalFromFixed('-100', -2)).toBe('-1');
  });

  it('keeps a JSON number as the decimal it was sent as', () => {
    expect(decimalFromNumber(67187.3358936566)).toBe('67187.3358936566');
    expect(decimalFromNumber(4.8e-7)).toBe('0.00000048');
  });

  it('values base units in integer micro-dollars, rounding once', () => {
    // 1.5 HNT (8 decimals) at $2.4567 = $3.68505
    expect(valueMicros('150000000', 8, '2.4567')).toBe(3_685_050n);
    // 13,780,746 uact at $1 = $13.780746
    expect(valueMicros('13780746', 6, '1')).toBe(13_780_746n);
    // 1 wei of TFUEL at $0.05 rounds to 0 µ$; summing events first, then valuing, keeps it exact
    expect(valueMicros('1', 18, '0.05')).toBe(0n);
    expect(valueMicros(10n ** 18n, 18, '0.05')).toBe(50_000n);
    expect(valueMicros('-80731', 8, '3')).toBe(-2422n);
  });
});

const point = (token: string, price: string, source: string): PricePoint => ({
  token,
  currency: 'usd',
  ts: 1,
  price,
  source,
});
function fake(id: string, prices: Record<string, string> | Error): PriceProvider & { calls: number } {
  return {
    id,
    calls: 0,
    async spot(tokens) {
      this.calls++;
      if (prices instanceof Error) throw prices;
      return tokens.flatMap((t) => (prices[t] ? [point(t, prices[t], id)] : []));
    },
    async history(token) {
      this.calls++;
      if (prices instanceof Error) throw prices;
      return prices[token] ? [point(token, prices[token], id)] : [];
    },
  };
}

describe('fallback and cache', () => {
  it('asks the fallback for what the first cannot price, or for all when it fails', async () => {
    const both = new FallbackPrices([fake('a', { HNT: '2' }), fake('b', { HNT: '9', NOS: '1' })]);
    expect((await both.spot(['HNT', 'NOS'])).map((p) => [p.token, p.source])).toEqual([
      ['HNT', 'a'],
      ['NOS', 'b'],
    ]);
    const down = new FallbackPrices([fake('a', new Error('down')), fake('b', { HNT: '9' })]);
    expect((await down.spot(['HNT']))[0]?.source).toBe('b');
  });

  it('caches spot for its TTL and past history for good', async () => {
    let now = 0;
    const a = fake('a', { HNT: '2' });
    const prices = new FallbackPrices([a], { spotTtlMs: 1000, now: () => now });
    await prices.spot(['HNT']);
    await prices.spot(['HNT']);
    expect(a.calls).toBe(1);
    now = 1001;
    await prices.spot(['HNT']);
    expect(a.calls).toBe(2);
    now = 10_000;
    await prices.history('HNT', 0, 5000);
    await prices.history('HNT', 0, 5000);
    expect(a.calls).toBe(3);
  });

  it('fails with NT_ERR_PRICES_UNAVAILABLE when nobody answers', async () => {
    const none = new FallbackPrices([fake('a', new Error('down')), fake('b', new Error('down'))]);
    await expect(none.spot(['HNT'])).rejects.toMatchObject({ code: ErrorCodes.PRICES_UNAVAILABLE });
    await expect(none.history('HNT', 0, 1)).rejects.toMatchObject({ code: ErrorCodes.PRICES_UNAVAILABLE });
  });
});
