import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import { expandExponent } from '../rewards/amount.js';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A JSON number as the exact decimal string it was sent as (for ≤ 15 significant digits). */
export function decimalFromNumber(value: number): string {
  if (!Number.isFinite(value)) throw new NodetallyError(ErrorCodes.PRICES_RESPONSE, `not a price: ${value}`);
  return expandExponent(String(value));
}

/** Pyth's fixed-point price: integer × 10^expo, as an exact decimal string. */
export function decimalFromFixed(integer: string, expo: number): string {
  if (!/^-?\d+$/.test(integer))
    throw new NodetallyError(ErrorCodes.PRICES_RESPONSE, `not an integer: ${integer}`);
  const negative = integer.startsWith('-');
  const digits = integer.replace('-', '').replace(/^0+(?=\d)/, '');
  const sign = negative ? '-' : '';
  if (expo >= 0) return `${sign}${digits}${'0'.repeat(expo)}`;
  const padded = digits.padStart(-expo + 1, '0');
  const whole = padded.slice(0, padded.length + expo);
  const fraction = padded.slice(padded.length + expo).replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

function toRational(decimal: string): { n: bigint; scale: bigint } {
  const match = DECIMAL.exec(decimal);
  if (!match) throw new NodetallyError(ErrorCodes.AMOUNT_INVALID, `not a decimal: ${decimal}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const n = BigInt(whole + fraction);
  return { n: sign === '-' ? -n : n, scale: 10n ** BigInt(fraction.length) };
}

/**
 * Value of `amount` base units of a token with `decimals` at `price` per whole token, in integer
 * micro-units of the price's currency (1 USD = 1_000_000), rounded half away from zero once at the end.
 */
export function valueMicros(amount: string | bigint, decimals: number, price: string): bigint {
  const units = typeof amount === 'bigint' ? amount : BigInt(amount);
  const { n, scale } = toRational(price);
  const numerator = units * n * 1_000_000n;
  const denominator = 10n ** BigInt(decimals) * scale;
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder >= denominator) return quotient + 1n;
  if (-twiceRemainder >= denominator) return quotient - 1n;
  return quotient;
}
