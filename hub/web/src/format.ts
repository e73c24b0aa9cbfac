// Display formats. Money arrives as exact decimal strings; it is only rounded for display here.

const symbols: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

export function money(value: string | null | undefined, currency = 'USD', decimals = 2): string {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  const abs = Math.abs(n).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  const sign = n < 0 && Number(abs.replace(/,/g, '')) !== 0 ? '−' : '';
  const symbol = symbols[currency];
  return symbol ? `${sign}${symbol}${abs}` : `${sign}${abs} ${currency}`;
}

/** 'pos' | 'neg' | 'zero' for colouring a money value. */
export function tone(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'zero';
  const n = Number(value);
  return n > 0.005 ? 'pos' : n < -0.005 ? 'neg' : 'zero';
}

export function pct(value: number | string | null | undefined, decimals = 0): string {
  if (value === null || value === undefined) return '—';
  return `${Number(value).toFixed(decimals)}%`;
}

export function ago(ms: number, now = Date.now()): string {
  if (!ms) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

export function dateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function bytesPerSecond(bps: number): string {
  const units = ['B/s', 'kB/s', 'MB/s', 'GB/s'];
  let v = bps;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

/** Local day key 'YYYY-MM-DD' of a Date (the browser's zone). */
export function dayKey(d: Date): string {
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${m}-${day}`;
}
