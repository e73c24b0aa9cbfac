import { ErrorCodes, NodetallyError } from '@nodetally/shared';

const INTEGER = /^-?(0|[1-9]\d*)$/;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export const isIntegerString = (value: string) => INTEGER.test(value);

/**
 * Exact base units of a decimal string ("13.780746" ACT → 13780746n). Digits beyond `decimals` must be
 * zeros; anything else is refused rather than rounded, since it would mean the unit is misunderstood.
 */
export function decimalToBaseUnits(value: string, decimals: number): bigint {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new NodetallyError(ErrorCodes.AMOUNT_INVALID, `not a decimal amount: "${value}"`);
  const [, sign, whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, decimals);
  if (/[^0]/.test(fraction.slice(decimals))) {
    throw new NodetallyError(
      ErrorCodes.AMOUNT_INVALID,
      `"${value}" has more than ${decimals} decimals of precision`,
    );
  }
  const units = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(kept.padEnd(decimals, '0') || '0');
  return sign === '-' ? -units : units;
}

/**
 * Base units of a JSON number some APIs use for token amounts (Spacescope's FIL, io.net's totals).
 * Converted from the number's shortest round-trip decimal text, never through float multiplication;
 * it is exact for what a JSON double can carry (~15 significant digits), and the README says so.
 */
export function jsonNumberToBaseUnits(value: number, decimals: number): bigint {
  if (!Number.isFinite(value)) {
    throw new NodetallyError(ErrorCodes.AMOUNT_INVALID, `not a finite amount: ${value}`);
  }
  return decimalToBaseUnits(expandExponent(String(value)), decimals);
}

/** "1.5e-7" → "0.00000015"; "2e+21" → "2000000000000000000000". */
export function expandExponent(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(text);
  if (!match) return text;
  const [, sign, whole = '', fraction = '', exp = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
