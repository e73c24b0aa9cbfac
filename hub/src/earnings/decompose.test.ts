import { describe, expect, it } from 'vitest';
import { decompose, describe as describeMove } from './decompose.js';
import { makeDay } from './testing/days.js';
import { prng } from './testing/prng.js';

const hnt = (amount: bigint, valueMicros: bigint, unpricedAmount = 0n) => [
  { network: 'helium', token: 'HNT', amount, valueMicros, unpricedAmount },
];

describe('why it moved', () => {
  it('price and uptime effects, hand-computed (Shapley on P × Q × U)', () => {
    // baseline: 100 units at 10,000 µ$/unit, uptime 1, energy 200,000 → net 800,000
    // recent:    50 units at  8,000 µ$/unit, uptime ½, energy 150,000 → net 250,000; total −550,000
    // Q = units ÷ uptime = 100 in both windows, so no volume effect.
    // price  = ΔP·[(Q0U0 + Q1U1)/3 + (Q0U1 + Q1U0)/6] = −2000·[(100 + 50)/3 + (50 + 100)/6] = −2000·75 = −150,000
    // uptime = ΔU·[(P0Q0 + P1Q1)/3 + (P0Q1 + P1Q0)/6] = −½·[1.8M/3 + 1.8M/6] = −450,000
    // energy = −(150,000 − 200,000) = +50,000
    const base = [makeDay('2024-01-01', { tokens: hnt(100n, 1_000_000n), energyCostMicros: 200_000n })];
    const recent = [
      makeDay('2024-01-08', { uptimeS: 43_200, tokens: hnt(50n, 400_000n), energyCostMicros: 150_000n }),
    ];
    const d = decompose(base, recent);
    expect(d.totalMicros).toBe(-550_000n);
    expect(Object.fromEntries(d.effects.map((e) => [e.name, e.micros]))).toEqual({
      price: -150_000n,
      volume: 0n,
      uptime: -450_000n,
      energy: 50_000n,
      fixed: 0n,
    });
    // −550,000 / 800,000 = −68.75 %; uptime −56.25 %, price −18.75 %, energy +6.25 %
    expect(describeMove(d)).toBe('−68.7%: uptime −56.2%, price −18.7%, energy +6.2%');
  });

  it('a token that appears is all volume; without telemetry uptime is not a factor', () => {
    const base = [makeDay('2024-01-01', { uptimeS: null, tokens: [] })];
    const recent = [makeDay('2024-01-02', { uptimeS: null, tokens: hnt(10n, 70n) })];
    const d = decompose(base, recent);
    expect(d.effects.find((e) => e.name === 'volume')?.micros).toBe(70n);
    expect(d.totalBasisPoints).toBeNull();
  });

  it('effects sum exactly to the total for random windows (seed 1234, 500 cases)', () => {
    const r = prng(1234);
    const window = (n: number, start: number) =>
      Array.from({ length: n }, (_, i) => {
        const tokens = ['HNT', 'IOT', 'RENDER']
          .filter(() => r.int(0, 2) > 0)
          .map((token) => {
            const amount = r.int(0, 5) === 0 ? 0n : r.big(r.int(1, 12));
            return {
              network: token === 'RENDER' ? 'render' : 'helium',
              token,
              amount,
              valueMicros: amount === 0n ? 0n : r.big(r.int(1, 10)),
              unpricedAmount: r.int(0, 6) === 0 ? amount / 3n : 0n,
            };
          });
        return makeDay(`2024-01-${String(start + i).padStart(2, '0')}`, {
          uptimeS: r.int(0, 5) === 0 ? null : r.int(0, 86_400),
          hours: r.int(0, 8) === 0 ? 23 : 24,
          tokens,
          energyCostMicros: r.int(0, 9) === 0 ? null : r.big(r.int(1, 8)),
          fixedMicros: r.big(r.int(1, 7)),
          amortizationMicros: r.int(0, 1) ? r.big(6) : 0n,
        });
      });
    for (let c = 0; c < 500; c++) {
      const d = decompose(window(r.int(1, 28), 1), window(r.int(1, 3), 29));
      expect(d.effects.reduce((a, e) => a + e.micros, 0n)).toBe(d.totalMicros);
      expect(d.totalMicros).toBe(d.recentMicrosPerDay - d.baselineMicrosPerDay);
    }
  });
});
