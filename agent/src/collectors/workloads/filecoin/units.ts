const BINARY: Record<string, number> = { '': 0, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };

/** "3.258 TiB", "3.26 Ti", "0 B", "512 MiB" (lotus prints IEC units, sometimes without the B). */
export function parseIecBytes(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGTPE]?)(i?)B?$/.exec(text.trim());
  if (!match) return null;
  const [, value, prefix = '', iec] = match;
  if (prefix !== '' && iec !== 'i') return null;
  const exponent = BINARY[prefix];
  return exponent === undefined ? null : Math.round(Number(value) * 1024 ** exponent);
}

const SI: Record<string, number> = { '': 0, m: -3, μ: -6, u: -6, n: -9, p: -12, f: -15, a: -18 };

/**
 * "236.048541199349973163 FIL" → attoFIL as an integer string, exactly (no float on the way), as
 * token amounts are kept in base units. Accepts lotus' SI-prefixed forms (mFIL, μFIL…).
 */
export function filToAtto(text: string): string | null {
  const match = /^(\d+)(?:\.(\d+))?\s*([mμunpfa]?)FIL$/.exec(text.trim());
  if (!match) return null;
  const [, whole = '0', fraction = '', prefix = ''] = match;
  const decimals = 18 + (SI[prefix] ?? 0);
  if (fraction.length > decimals) return null;
  const digits = `${whole}${fraction.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  return digits;
}
