import { decimalToBaseUnits } from '../rewards/amount.js';
import { spreadEvenly } from './money.js';
import { dayDiff, daysInMonth, formatDayKey, parseDayKey } from './zone.js';

/** A recurring monthly cost (hosting, a share of the internet bill) in the tariff's currency. */
export interface FixedCost {
  name: string;
  /** Exact decimal string per calendar month, at most 6 decimals ("12.50"). */
  monthly: string;
  /** First and last local day it applies to, inclusive ('YYYY-MM-DD'); open-ended when absent. */
  from?: string;
  to?: string;
}

/** Hardware bought for `price`, written off in equal parts over `months` months from `start`. */
export interface Amortization {
  price: string;
  months: number;
  /** Local day of purchase 'YYYY-MM-DD'; month k runs from start + k months to start + k + 1 months. */
  start: string;
}

const microsCache = new Map<string, bigint>();
/** Decimal money → micro-units, memoized: the same few amounts are asked for every device and day. */
const micros = (decimal: string) => {
  let v = microsCache.get(decimal);
  if (v === undefined) {
    v = decimalToBaseUnits(decimal, 6);
    if (microsCache.size > 10_000) microsCache.clear();
    microsCache.set(decimal, v);
  }
  return v;
};
const amortizationCache = new Map<string, bigint>();

/**
 * The day's share of fixed monthly costs: each cost's micro-units spread over the days of the calendar
 * month (28–31), the first `amount mod days` days carrying one micro-unit more, so a full month sums
 * to the monthly amount exactly. A cost that starts or stops mid-month charges only its days.
 */
export function fixedCostForDay(costs: readonly FixedCost[], day: string): bigint {
  const { day: dom } = parseDayKey(day);
  const n = daysInMonth(day);
  let total = 0n;
  for (const c of costs) {
    if ((c.from && day < c.from) || (c.to && day > c.to)) continue;
    total += spreadEvenly(micros(c.monthly), n, dom - 1);
  }
  return total;
}

/** `start` plus `k` calendar months, the day clamped to the month's length (Jan 31 + 1 → Feb 28/29). */
export function addMonths(start: string, k: number): string {
  const { year, month, day } = parseDayKey(start);
  const m0 = year * 12 + (month - 1) + k;
  const y = Math.floor(m0 / 12);
  const m = (m0 % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return formatDayKey(y, m, Math.min(day, last));
}

/**
 * The day's hardware write-off: price / months per anniversary month (largest remainder: the first
 * `price mod months` months one micro-unit more), each month spread evenly over its days. Over the
 * whole period the days sum to the price exactly; outside it the day's share is 0.
 */
export function amortizationForDay(a: Amortization | undefined, day: string): bigint {
  if (!a || a.months <= 0 || day < a.start) return 0n;
  const key = `${a.price}|${a.months}|${a.start}|${day}`;
  let v = amortizationCache.get(key);
  if (v === undefined) {
    v = amortizationOf(a, day);
    if (amortizationCache.size > 100_000) amortizationCache.clear();
    amortizationCache.set(key, v);
  }
  return v;
}

function amortizationOf(a: Amortization, day: string): bigint {
  const { year: y0, month: m0 } = parseDayKey(a.start);
  const { year, month } = parseDayKey(day);
  let k = (year - y0) * 12 + (month - m0);
  if (addMonths(a.start, k) > day) k -= 1;
  if (k >= a.months) return 0n;
  const monthStart = addMonths(a.start, k);
  const monthEnd = addMonths(a.start, k + 1);
  const monthly = spreadEvenly(micros(a.price), a.months, k);
  return spreadEvenly(monthly, dayDiff(monthStart, monthEnd), dayDiff(monthStart, day));
}
