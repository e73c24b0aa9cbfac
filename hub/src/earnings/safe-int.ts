import { valueMicros } from '../prices/decimal.js';
import { splitLargestRemainder } from './money.js';

/**
 * Integer money in float64, for the columnar fleet path. Every figure is an integer of at most
 * 2^53 − 1 in magnitude; an operation whose exact result could leave that range either redoes itself
 * in BigInt (valuation, splits) or throws `UnsafeIntegerError`, and the caller then recomputes the
 * whole fleet with the exact BigInt engine. Float addition, subtraction and `%` of safe integers are
 * exact while the result is safe, which is what `safe()` checks after every sum.
 */
export class UnsafeIntegerError extends RangeError {
  readonly code = 'NT_ERR_EARNINGS_UNSAFE_INTEGER';
}

const MAX = Number.MAX_SAFE_INTEGER;
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
let remainders = new Float64Array(64);

/** x itself when it is a safe integer; otherwise throws (NaN and fractions included). */
export function safe(x: number): number {
  if (!Number.isSafeInteger(x)) throw new UnsafeIntegerError(`${x} is not a safe integer`);
  return x;
}

/** An integer string (token base units) as a safe number, or throws (the caller then uses BigInt). */
export function safeAmount(s: string): number {
  const x = Number(s);
  if (x !== 0 && Number.isSafeInteger(x)) return x;
  // '', ' ', '0' and '-0' are 0 for BigInt too; 0 (not −0) keeps sums clean.
  if (x === 0) return 0;
  throw new UnsafeIntegerError(`amount ${s} is not a safe integer`);
}

/** n / d rounded half away from zero, for safe integers n and d > 0 (money.ts `roundDiv`). */
export function roundDivSafe(n: number, d: number): number {
  const r = n % d;
  const q = (n - r) / d;
  if (2 * r >= d) return q + 1;
  if (-2 * r >= d) return q - 1;
  return q === 0 ? 0 : q;
}

/** A price parsed once: numerator, power-of-ten scale, and 10^6 / scale when that is an integer. */
export interface ParsedPrice {
  text: string;
  n: number;
  microsPerScale: number | null;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const parsedPrices = new Map<string, ParsedPrice>();

export function parsePrice(text: string): ParsedPrice {
  let p = parsedPrices.get(text);
  if (p) return p;
  const m = DECIMAL.exec(text);
  const digits = m ? `${m[2]}${m[3] ?? ''}` : '';
  const n = m ? Number(`${m[1]}${digits}`) : Number.NaN;
  const scaleDigits = m?.[3]?.length ?? 0;
  const exact = m !== null && Number.isSafeInteger(n) && scaleDigits <= 6;
  p = { text, n, microsPerScale: exact ? 10 ** (6 - scaleDigits) : null };
  if (parsedPrices.size > 100_000) parsedPrices.clear();
  parsedPrices.set(text, p);
  return p;
}

/**
 * `valueMicros(amount, decimals, price)` for a safe integer amount, in float64 when the numerator
 * amount × price × 10^6 / scale stays below 2^53 (a float product that rounded would be ≥ 2^53, so
 * the check is sound), else in BigInt. The result must itself be safe.
 */
export function valueMicrosSafe(amount: number, decimals: number, price: ParsedPrice): number {
  if (price.microsPerScale !== null && decimals <= 15) {
    const numerator = amount * price.n * price.microsPerScale;
    if (Math.abs(numerator) <= MAX) return roundDivSafe(numerator, POW10[decimals] as number);
  }
  return safe(Number(valueMicros(BigInt(amount), decimals, price.text)));
}

/**
 * `splitLargestRemainder` on safe integers into `out` (first weights.length entries): false when all
 * weights are 0. Falls back to BigInt for a total × weight beyond 2^53; same parts either way.
 */
export function splitSafe(
  total: number,
  weights: ArrayLike<number>,
  count: number,
  out: Float64Array,
): boolean {
  let sum = 0;
  let maxW = 0;
  for (let i = 0; i < count; i++) {
    const w = weights[i] as number;
    sum += w;
    if (w > maxW) maxW = w;
  }
  if (sum === 0) return false;
  safe(sum);
  const negative = total < 0;
  const t = negative ? -total : total;
  if (t * maxW > MAX || count > 64) {
    const parts = splitLargestRemainder(
      BigInt(total),
      Array.from({ length: count }, (_, i) => BigInt(weights[i] as number)),
    ) as bigint[];
    for (let i = 0; i < count; i++) out[i] = safe(Number(parts[i]));
    return true;
  }
  let given = 0;
  if (remainders.length < count) remainders = new Float64Array(count);
  const rem = remainders;
  for (let i = 0; i < count; i++) {
    const n = t * (weights[i] as number);
    const r = n % sum;
    const q = (n - r) / sum;
    out[i] = q;
    rem[i] = r;
    given += q;
  }
  let left = t - given;
  while (left > 0) {
    // The largest remainder still unserved, ties to the lower index (a remainder is served once).
    let pick = -1;
    for (let i = 0; i < count; i++) {
      const r = rem[i] as number;
      if (r >= 0 && (pick < 0 || r > (rem[pick] as number))) pick = i;
    }
    if (pick < 0) break;
    out[pick] = (out[pick] as number) + 1;
    rem[pick] = -1;
    left--;
  }
  if (negative) for (let i = 0; i < count; i++) out[i] = (out[i] as number) === 0 ? 0 : -(out[i] as number);
  return true;
}
