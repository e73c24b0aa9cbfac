/** Typed reads from untrusted JSON: a missing or wrongly typed value is null, never a throw. */
export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

export function str(obj: Json | null, key: string, maxLength = 256): string | null {
  const value = obj?.[key];
  return typeof value === 'string' ? value.slice(0, maxLength) : null;
}

/** Numbers and numeric strings ("1190364") both count: several node APIs quote their integers. */
export function num(obj: Json | null, key: string): number | null {
  const value = obj?.[key];
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

/** A non-negative safe integer, else null. */
export function count(obj: Json | null, key: string): number | null {
  const value = num(obj, key);
  return value !== null && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

export function bool(obj: Json | null, key: string): boolean | null {
  const value = obj?.[key];
  return typeof value === 'boolean' ? value : null;
}

export const nonNegative = (value: number | null) => (value !== null && value >= 0 ? value : null);
