import { mulberry32 } from '../../../../test/support/prng.js';
/** mulberry32: a small seeded PRNG so property tests are reproducible (the seed is in the test name). */
export function prng(seed: number) {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const big = (digits: number) => {
    let s = String(int(1, 9));
    for (let i = 1; i < digits; i++) s += String(int(0, 9));
    return BigInt(s);
  };
  return { next, int, big };
}
