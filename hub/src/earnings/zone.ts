/**
 * Local days in an IANA time zone, found with Intl.DateTimeFormat (no tz database of our own). A day is
 * named by its local date 'YYYY-MM-DD' and spans [startMs, endMs) in UTC epoch ms; in a zone with DST
 * one day a year is 23 hours long and one 25. 'UTC' is the default everywhere.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Throws a RangeError for a name Intl does not know. */
export function assertZone(zone: string): void {
  formatter(zone);
}

/** Local wall-clock parts of a UTC instant. */
export function localParts(ts: number, zone = 'UTC'): LocalParts {
  if (zone === 'UTC') return utcParts(ts);
  const out: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(ts)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  const year = out.year ?? 0;
  const month = out.month ?? 1;
  const day = out.day ?? 1;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, hour: out.hour ?? 0, minute: out.minute ?? 0, weekday };
}

function utcParts(ts: number): LocalParts {
  const d = new Date(ts);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/** 'YYYY-MM-DD' of the local date of a UTC instant. */
export function dayKeyOf(ts: number, zone = 'UTC'): string {
  const p = localParts(ts, zone);
  return formatDayKey(p.year, p.month, p.day);
}

export const formatDayKey = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * Day keys repeat endlessly (every device has the same days), so parsing and day arithmetic are
 * memoized; the caches only ever hold a few thousand distinct days and are dropped when they grow.
 */
const CACHE_LIMIT = 50_000;
const parsed = new Map<string, Readonly<{ year: number; month: number; day: number }>>();
/** key → n → key + n days (no string key to build per call: flags ask millions of times). */
const shifted = new Map<string, Map<number, string>>();

export function parseDayKey(key: string): Readonly<{ year: number; month: number; day: number }> {
  const hit = parsed.get(key);
  if (hit) return hit;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw new RangeError(`not a day key (YYYY-MM-DD): ${key}`);
  const out = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (parsed.size >= CACHE_LIMIT) parsed.clear();
  parsed.set(key, Object.freeze({ ...out }));
  return out;
}

/** The day key `n` calendar days after `key` (n may be negative). */
export function addDays(key: string, n: number): string {
  let byN = shifted.get(key);
  const hit = byN?.get(n);
  if (hit !== undefined) return hit;
  const { year, month, day } = parseDayKey(key);
  const d = new Date(Date.UTC(year, month - 1, day + n));
  const out = formatDayKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  if (!byN) {
    if (shifted.size >= CACHE_LIMIT) shifted.clear();
    byN = new Map();
    shifted.set(key, byN);
  }
  byN.set(n, out);
  return out;
}

/** Number of days in the calendar month of a day key. */
export function daysInMonth(key: string): number {
  const { year, month } = parseDayKey(key);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whole calendar days from `a` to `b` (b − a). */
export function dayDiff(a: string, b: string): number {
  const pa = parseDayKey(a);
  const pb = parseDayKey(b);
  return Math.round(
    (Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / DAY_MS,
  );
}

/**
 * First UTC instant whose local date is `key` or later: binary search over a ±15 h window around
 * midnight UTC of that date, to the millisecond (local dates never go backwards across it except in
 * the rare zones that fall back across midnight, where the first crossing is taken).
 */
export function dayStartMs(key: string, zone = 'UTC'): number {
  const { year, month, day } = parseDayKey(key);
  const utcMidnight = Date.UTC(year, month - 1, day);
  if (zone === 'UTC') return utcMidnight;
  let lo = utcMidnight - 15 * HOUR_MS; // local date still before `key` (offsets are ≤ +14 h)
  let hi = utcMidnight + 15 * HOUR_MS; // local date at or after `key` (offsets are ≥ −12 h)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayKeyOf(mid, zone) >= key) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface LocalDay {
  key: string;
  startMs: number;
  endMs: number;
}

/** The local days from `fromKey` to `toKey` inclusive, with their UTC bounds. */
export function localDays(fromKey: string, toKey: string, zone = 'UTC'): LocalDay[] {
  const days: LocalDay[] = [];
  let key = fromKey;
  let start = dayStartMs(key, zone);
  while (key <= toKey) {
    const next = addDays(key, 1);
    const end = dayStartMs(next, zone);
    days.push({ key, startMs: start, endMs: end });
    key = next;
    start = end;
  }
  return days;
}
