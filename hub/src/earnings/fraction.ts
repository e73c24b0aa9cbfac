import { roundDiv } from './money.js';

/**
 * An exact rational n/d of BigInts, d > 0. For the decomposition's factors. Reduced to lowest terms
 * only once the denominator passes 2^512: a gcd per operation was most of a fleet's decomposition
 * time, and every use (rounding, comparing, zero tests) is exact on any representation.
 */
export interface Frac {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

const REDUCE_ABOVE = 1n << 512n;

export function frac(n: bigint, d = 1n): Frac {
  if (d === 0n) throw new RangeError('zero denominator');
  const sign = d < 0n ? -1n : 1n;
  if (d < REDUCE_ABOVE && -d < REDUCE_ABOVE) return { n: sign * n, d: sign * d };
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const ZERO: Frac = { n: 0n, d: 1n };
export const ONE: Frac = { n: 1n, d: 1n };
export const add = (a: Frac, b: Frac) => frac(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Frac, b: Frac) => frac(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Frac, b: Frac) => frac(a.n * b.n, a.d * b.d);
export const div = (a: Frac, b: Frac) => frac(a.n * b.d, a.d * b.n);
export const isZero = (a: Frac) => a.n === 0n;
/** Rounded half away from zero to an integer. */
export const roundFrac = (a: Frac) => roundDiv(a.n, a.d);
/** |a| compared with |b|: negative, zero or positive. */
export const cmpAbs = (a: Frac, b: Frac): number => {
  const l = (a.n < 0n ? -a.n : a.n) * b.d;
  const r = (b.n < 0n ? -b.n : b.n) * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
