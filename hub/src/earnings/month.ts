import type { DeviceDay } from './device-day.js';
import { roundDiv } from './money.js';
import { addDays, daysInMonth } from './zone.js';

export interface MonthSummary {
  /** Net of the days of `today`'s month up to and including today. */
  monthToDateMicros: bigint;
  /** Trailing-window net per day × days in the month, rounded half away from zero once. */
  projectedMonthMicros: bigint | null;
  /** Days of data the projection used (≤ trailingDays). */
  trailingDays: number;
}

const inWindow = (days: readonly DeviceDay[], from: string, to: string) =>
  days.filter((d) => d.day >= from && d.day <= to);

/**
 * Month to date and the month projected from the trailing `trailingDays` days (default 30) ending
 * today: round(Σ net × daysInMonth / n), n the number of those days that have a row. Null without rows.
 */
export function monthSummary(days: readonly DeviceDay[], today: string, trailingDays = 30): MonthSummary {
  const monthStart = `${today.slice(0, 8)}01`;
  const mtd = inWindow(days, monthStart, today).reduce((a, d) => a + d.netMicros, 0n);
  const trailing = inWindow(days, addDays(today, 1 - trailingDays), today);
  const sum = trailing.reduce((a, d) => a + d.netMicros, 0n);
  return {
    monthToDateMicros: mtd,
    projectedMonthMicros:
      trailing.length === 0 ? null : roundDiv(sum * BigInt(daysInMonth(today)), BigInt(trailing.length)),
    trailingDays: trailing.length,
  };
}

export type Payback =
  | { status: 'paid'; on: string }
  | { status: 'projected'; on: string; remainingMicros: bigint }
  | { status: 'never'; remainingMicros: bigint };

/**
 * When the hardware pays for itself: operating net (gross − energy − fixed, amortization left out
 * since it is the hardware itself) summed from `since` (purchase day) through today, against
 * `priceMicros`. Paid: the first day the running sum reached the price. Otherwise the remaining amount
 * at the trailing-window rate: today + ceil(remaining × n / Σ trailing), or 'never' when that rate ≤ 0.
 */
export function payback(
  days: readonly DeviceDay[],
  priceMicros: bigint,
  since: string,
  today: string,
  trailingDays = 30,
): Payback {
  let running = 0n;
  for (const d of [...inWindow(days, since, today)].sort((a, b) => (a.day < b.day ? -1 : 1))) {
    running += d.operatingMicros;
    if (running >= priceMicros) return { status: 'paid', on: d.day };
  }
  const remaining = priceMicros - running;
  const from = addDays(today, 1 - trailingDays);
  const trailing = inWindow(days, from < since ? since : from, today);
  const rate = trailing.reduce((a, d) => a + d.operatingMicros, 0n);
  if (trailing.length === 0 || rate <= 0n) return { status: 'never', remainingMicros: remaining };
  const n = BigInt(trailing.length);
  const daysLeft = (remaining * n + rate - 1n) / rate;
  return { status: 'projected', on: addDays(today, Number(daysLeft)), remainingMicros: remaining };
}
