import { type Cadence, cadenceOf } from './cadence.js';
import type { DeviceDay } from './device-day.js';
import { addDays } from './zone.js';

export type Flag =
  | { kind: 'healthy-but-not-earning'; day: string; token: string; amount: bigint; baseline: bigint }
  | {
      kind: 'earning-while-offline';
      day: string;
      network: string;
      token: string;
      amount: bigint;
      periodFrom: string;
      periodTo: string;
    }
  | { kind: 'late-payout'; network: string; account: string; lastPayoutTs: number | null; overdueMs: number }
  | { kind: 'costs-more-than-it-earns'; from: string; to: string; grossMicros: bigint; costMicros: bigint };

export interface FlagOptions {
  /** Day evaluated for the daily flags, and the last day of the cost window. */
  today: string;
  /** Epoch ms now, for late payouts. */
  nowMs: number;
  /** Accounts linked to this device with the ts of their last payout (null: none seen yet). */
  payouts?: readonly { network: string; account: string; lastPayoutTs: number | null }[];
  cadence?: Readonly<Record<string, Cadence>>;
  /** Share of the day online to count as online (default 0.9). */
  minUptimeShare?: number;
  /** Flag when a token's amount is below this percent of its baseline median (default 50). */
  belowPercent?: number;
  /** Baseline days before `today` (default 28) and how many of them need telemetry (default 14). */
  baselineDays?: number;
  minBaselineDays?: number;
  /** Late when no payout for cadence × this (default 2). */
  lateFactor?: number;
  /** Window of the cost flag (default 30 days) and whether amortization counts as a cost (default no). */
  costWindowDays?: number;
  includeAmortization?: boolean;
}

/** Lower median of a non-empty list of BigInts (deterministic, no division). */
export function medianOf(values: readonly bigint[]): bigint {
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return s[Math.floor((s.length - 1) / 2)] ?? 0n;
}

const busyOf = (d: DeviceDay) => (d.gpuBusyS ?? 0) > 0 || (d.bytes ?? 0n) > 0n;
const amountOf = (d: DeviceDay | undefined, token: string) =>
  d?.tokens.filter((t) => t.token === token).reduce((a, t) => a + t.amount, 0n) ?? 0n;

/**
 * The reconciliation flags of one device (its DeviceDay rows, any order):
 * - healthy-but-not-earning: on `today` the device was online (uptime ≥ minUptimeShare of the day) and
 *   busy (GPU-busy or bytes served > 0, required only if the baseline ever showed either), yet a
 *   token's amount is below belowPercent % of its baseline: the median over the prior `baselineDays`
 *   (a day with no reward counts 0; a zero median never flags);
 * - earning-while-offline: any day with rewards whose rewarded period (network cadence) telemetry
 *   reports as entirely down (uptime 0 on every day of it; days with no telemetry never flag);
 * - late-payout: an account's last payout older than cadence × lateFactor;
 * - costs-more-than-it-earns: over the cost window, gross < energy + fixed (+ amortization if asked).
 */
export function reconcile(days: readonly DeviceDay[], opts: FlagOptions): Flag[] {
  const flags: Flag[] = [];
  const byDay = new Map(days.map((d) => [d.day, d]));
  const today = byDay.get(opts.today);
  const baselineDays = opts.baselineDays ?? 28;
  const baseline: (DeviceDay | undefined)[] = [];
  for (let k = baselineDays; k >= 1; k--) baseline.push(byDay.get(addDays(opts.today, -k)));
  const withTelemetry = baseline.filter((d): d is DeviceDay => d !== undefined && d.uptimeS !== null);
  if (today && today.uptimeS !== null && withTelemetry.length >= (opts.minBaselineDays ?? 14)) {
    const online = today.uptimeS >= (opts.minUptimeShare ?? 0.9) * today.hours * 3600;
    const needsBusy = withTelemetry.some(busyOf);
    if (online && (!needsBusy || busyOf(today))) {
      const tokens = new Set(withTelemetry.flatMap((d) => d.tokens.map((t) => t.token)));
      for (const token of [...tokens].sort()) {
        const median = medianOf(baseline.map((d) => amountOf(d, token)));
        const amount = amountOf(today, token);
        if (median > 0n && amount * 100n < median * BigInt(opts.belowPercent ?? 50)) {
          flags.push({ kind: 'healthy-but-not-earning', day: opts.today, token, amount, baseline: median });
        }
      }
    }
  }
  for (const d of [...days].sort((a, b) => (a.day < b.day ? -1 : 1))) {
    for (const t of d.tokens) {
      if (t.amount <= 0n) continue;
      const c = cadenceOf(t.network, opts.cadence);
      const periodTo = addDays(d.day, -c.lagDays);
      const periodFrom = addDays(periodTo, 1 - c.periodDays);
      let down = true;
      for (let k = periodFrom; k <= periodTo; k = addDays(k, 1)) {
        if (byDay.get(k)?.uptimeS !== 0) down = false;
      }
      if (down)
        flags.push({
          kind: 'earning-while-offline',
          day: d.day,
          network: t.network,
          token: t.token,
          amount: t.amount,
          periodFrom,
          periodTo,
        });
    }
  }
  for (const p of opts.payouts ?? []) {
    const due = cadenceOf(p.network, opts.cadence).everyMs * (opts.lateFactor ?? 2);
    const overdueMs = p.lastPayoutTs === null ? Number.POSITIVE_INFINITY : opts.nowMs - p.lastPayoutTs - due;
    if (overdueMs > 0)
      flags.push({
        kind: 'late-payout',
        network: p.network,
        account: p.account,
        lastPayoutTs: p.lastPayoutTs,
        overdueMs,
      });
  }
  const from = addDays(opts.today, 1 - (opts.costWindowDays ?? 30));
  const window = days.filter((d) => d.day >= from && d.day <= opts.today);
  if (window.length > 0) {
    const gross = window.reduce((a, d) => a + d.grossMicros, 0n);
    const cost = window.reduce(
      (a, d) =>
        a +
        (d.energyCostMicros ?? 0n) +
        d.fixedMicros +
        (opts.includeAmortization ? d.amortizationMicros : 0n),
      0n,
    );
    if (gross < cost)
      flags.push({
        kind: 'costs-more-than-it-earns',
        from,
        to: opts.today,
        grossMicros: gross,
        costMicros: cost,
      });
  }
  return flags;
}
