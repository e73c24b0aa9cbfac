/**
 * Cell values as nvidia-smi prints them, in CSV (`81559 MiB`, `[N/A]`) and in `-q -x` XML
 * (`27 C`, `N/A`, `Requested functionality has been deprecated`).
 */

/** What nvidia-smi prints, bracketed in CSV and bare in XML, when a reading is not available. */
const UNAVAILABLE = new Set([
  'n/a',
  'not supported',
  'insufficient permissions',
  'unknown error',
  'requested functionality has been deprecated',
  'function not found',
]);

const MIB = 1024 * 1024;

/** The trimmed text, or null where the tool says the value is not available. */
export function cell(raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null) return null;
  const text = raw.trim();
  if (text === '') return null;
  // Any bracketed CSV value is one of the tool's error messages, never a reading.
  if (text.startsWith('[') && text.endsWith(']')) return null;
  return UNAVAILABLE.has(text.toLowerCase()) ? null : text;
}

/** A number with an optional unit suffix (`69.85 W`, `41`, `27 C`, `0 %`); null when not a number. */
export function num(raw: string | undefined | null): number | null {
  const text = cell(raw);
  if (text === null) return null;
  const match = /^(-?\d+(?:\.\d+)?)(?:\s*(?:%|MiB|W|MHz|C))?$/.exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
}

const inRange = (value: number | null, min: number, max: number) =>
  value !== null && value >= min && value <= max ? value : null;

export const pct = (raw: string | undefined | null) => inRange(num(raw), 0, 100);
export const celsius = (raw: string | undefined | null) => inRange(num(raw), -100, 200);
export const watts = (raw: string | undefined | null) => inRange(num(raw), 0, 100_000);

export function mhz(raw: string | undefined | null): number | null {
  const value = inRange(num(raw), 0, 100_000);
  return value === null ? null : Math.round(value);
}

export function mibToBytes(raw: string | undefined | null): number | null {
  const value = num(raw);
  return value === null || value < 0 ? null : Math.round(value * MIB);
}

export function pstate(raw: string | undefined | null): string | null {
  const text = cell(raw);
  return text !== null && /^P\d{1,2}$/.test(text) ? text : null;
}

export function enabled(raw: string | undefined | null): boolean | null {
  const text = cell(raw)?.toLowerCase();
  if (text === 'enabled') return true;
  if (text === 'disabled') return false;
  return null;
}

export function text(raw: string | undefined | null, maxLength = 256): string | null {
  const value = cell(raw);
  return value === null ? null : value.slice(0, maxLength);
}

/** The first non-null of several readings (an element or column that moved between drivers). */
export function firstOf<T>(...values: (T | null)[]): T | null {
  for (const value of values) if (value !== null) return value;
  return null;
}
