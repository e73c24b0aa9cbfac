/**
 * Exact integer money helpers. Every amount of money in this folder is a BigInt of **micro-units** of
 * one stated currency (1 USD = 1_000_000n), as `valueMicros` in ../prices/decimal.ts produces; token
 * amounts are BigInt base units. Nothing here touches a float.
 */

/** n / d rounded half away from zero (d ≠ 0). */
export function roundDiv(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) return roundDiv(-n, -d);
  const q = n / d;
  const twiceR = (n % d) * 2n;
  if (twiceR >= d) return q + 1n;
  if (-twiceR >= d) return q - 1n;
  return q;
}

/** Sum of a list of BigInts. */
export const sum = (values: Iterable<bigint>): bigint => {
  let total = 0n;
  for (const v of values) total += v;
  return total;
};

/**
 * Splits `total` into parts proportional to non-negative integer `weights`, with largest-remainder
 * (Hamilton) rounding: every part is floor(total·w/W) and the leftover units go, one each, to the
 * largest remainders; ties go to the lower index. The parts always sum to `total` exactly. A negative
 * total is split as its absolute value and negated. Returns null when all weights are zero (the caller
 * reports the amount as unattributed).
 */
export function splitLargestRemainder(total: bigint, weights: readonly bigint[]): bigint[] | null {
  let weightSum = 0n;
  for (const w of weights) {
    if (w < 0n) throw new RangeError('weights must not be negative');
    weightSum += w;
  }
  if (weightSum === 0n) return null;
  if (total < 0n) {
    const parts = splitLargestRemainder(-total, weights);
    return parts ? parts.map((p) => -p) : null;
  }
  const parts: bigint[] = [];
  const remainders: { index: number; r: bigint }[] = [];
  let given = 0n;
  weights.forEach((w, index) => {
    const n = total * w;
    const q = n / weightSum;
    parts.push(q);
    given += q;
    remainders.push({ index, r: n % weightSum });
  });
  let left = total - given;
  remainders.sort((a, b) => (a.r === b.r ? a.index - b.index : a.r > b.r ? -1 : 1));
  for (let i = 0; left > 0n; i++, left--) {
    const pick = remainders[i % remainders.length];
    if (pick) parts[pick.index] = (parts[pick.index] ?? 0n) + 1n;
  }
  return parts;
}

/**
 * Spreads `total` evenly over `count` slots: the first `total mod count` slots get one unit more, so
 * the slots sum to `total` exactly (used for fixed monthly costs over the days of a month).
 */
export function spreadEvenly(total: bigint, count: number, index: number): bigint {
  if (count <= 0 || index < 0 || index >= count) throw new RangeError('index outside the spread');
  const n = BigInt(count);
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const share = abs / n + (BigInt(index) < abs % n ? 1n : 0n);
  return negative ? -share : share;
}

/** Micro-units as a fixed 6-decimal string ("-1.234567"), for display and CSV. */
export function formatMicros(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** Micro-units rounded to cents as a 2-decimal string ("12.35"), half away from zero. */
export function formatCents(micros: bigint): string {
  const cents = roundDiv(micros, 10_000n);
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
