import type { FleetColumns } from '../earnings/columnar-fleet.js';
import { decompose, describe } from '../earnings/decompose.js';
import type { DeviceDay } from '../earnings/device-day.js';
import { reconcile } from '../earnings/flags.js';
import { monthSummary } from '../earnings/month.js';
import { addDays, dayKeyOf } from '../earnings/zone.js';
import type { Store } from '../store/types.js';
import { BASELINE_DAYS, computeDays, RECENT_DAYS } from './compute.js';
import type { EarningsPlan } from './settings.js';
import { money, percent } from './views.js';
import { DEVICES_PER_SLICE, yieldToEventLoop } from './yield.js';

/** Exact 6-decimal strings in the snapshot's currency; energy null = unknown (no tariff, or unknown hours' cost). */
export interface MoneyTriple {
  gross: string;
  energy: string | null;
  /** Fixed monthly costs and hardware amortization together, so net = gross − energy − fixed. */
  fixed: string;
  net: string;
}

export interface FleetDeviceEarnings {
  device_id: string;
  today: MoneyTriple;
  month_to_date: MoneyTriple;
  projected_month_net: string | null;
  /** The last 14 local days, oldest first (sparkline). */
  net_by_day: Array<{ day: string; net: string }>;
  uptime_pct_7d: number | null;
  /** Reconciliation flag kinds, each once. */
  flags: string[];
  change: { pct: string | null; summary: string } | null;
}

export interface FleetEarningsSnapshot {
  computed_ms: number;
  currency: string;
  /** Local day key YYYY-MM-DD in the settings' time zone. */
  today: string;
  devices: FleetDeviceEarnings[];
  totals: { today: MoneyTriple; month_to_date: MoneyTriple };
}

const SPARK_DAYS = 14;

interface Sums {
  gross: bigint;
  energy: bigint | null;
  fixed: bigint;
  net: bigint;
}

const sums = (rows: readonly DeviceDay[]): Sums => {
  const out: Sums = { gross: 0n, energy: 0n, fixed: 0n, net: 0n };
  for (const d of rows) {
    out.gross += d.grossMicros;
    out.energy = out.energy === null || d.energyCostMicros === null ? null : out.energy + d.energyCostMicros;
    out.fixed += d.fixedMicros + d.amortizationMicros;
    out.net += d.netMicros;
  }
  return out;
};
const add = (a: Sums, b: Sums): Sums => ({
  gross: a.gross + b.gross,
  energy: a.energy === null || b.energy === null ? null : a.energy + b.energy,
  fixed: a.fixed + b.fixed,
  net: a.net + b.net,
});
const triple = (s: Sums): MoneyTriple => ({
  gross: money(s.gross),
  energy: s.energy === null ? null : money(s.energy),
  fixed: money(s.fixed),
  net: money(s.net),
});

function uptimePct(rows: readonly DeviceDay[]): number | null {
  const known = rows.filter((d) => d.uptimeS !== null);
  if (known.length === 0) return null;
  const up = known.reduce((a, d) => a + (d.uptimeS ?? 0), 0);
  const total = known.reduce((a, d) => a + d.hours * 3600, 0);
  return Math.round((1000 * up) / total) / 10;
}

/**
 * Every device's today, month to date, projection, 14-day sparkline, 7-day uptime, flags and
 * "why it moved" (7 recent days against the 28 before), computed over one calendar of
 * max(35, day-of-month) days ending today.
 */
export async function fleetSnapshot(
  store: Store,
  plan: EarningsPlan,
  nowMs: number,
): Promise<FleetEarningsSnapshot> {
  return (await fleetSnapshotWithColumns(store, plan, nowMs)).snapshot;
}

/** The snapshot, and the columns it was computed from (null after the exact engine), for reuse. */
export async function fleetSnapshotWithColumns(
  store: Store,
  plan: EarningsPlan,
  nowMs: number,
): Promise<{ snapshot: FleetEarningsSnapshot; columns: FleetColumns | null }> {
  const today = dayKeyOf(nowMs, plan.zone);
  const monthStart = `${today.slice(0, 8)}01`;
  const historyFrom = addDays(today, 1 - RECENT_DAYS - BASELINE_DAYS);
  const from = monthStart < historyFrom ? monthStart : historyFrom;
  const { days, rewards, columns } = await computeDays(store, plan, from, today, null, nowMs);
  // Last payout per account seen over the calendar; an account silent all along counts as never paid.
  const lastPaid = new Map<string, number>();
  for (const r of rewards) {
    const key = `${r.network}\u0000${r.account}`;
    if ((lastPaid.get(key) ?? -1) < r.ts) lastPaid.set(key, r.ts);
  }
  const accountsOf = new Map<string, { network: string; account: string }[]>();
  for (const a of await store.listRewardAccounts()) {
    const network = a.source.slice(a.source.lastIndexOf('/') + 1);
    for (const d of a.devices)
      accountsOf.set(d, [...(accountsOf.get(d) ?? []), { network, account: a.account }]);
  }
  const recentFrom = addDays(today, 1 - RECENT_DAYS);
  const baselineFrom = addDays(recentFrom, -BASELINE_DAYS);
  const sparkFrom = addDays(today, 1 - SPARK_DAYS);
  let totalToday: Sums = { gross: 0n, energy: 0n, fixed: 0n, net: 0n };
  let totalMonth: Sums = { ...totalToday };
  const devices: FleetDeviceEarnings[] = [];
  let n = 0;
  for (const [device, all] of days) {
    if (++n % DEVICES_PER_SLICE === 0) await yieldToEventLoop();
    const first = all.find((d) => d.uptimeS !== null || d.tokens.length > 0 || d.energy.measuredMwh > 0)?.day;
    const present = first === undefined ? [] : all.filter((d) => d.day >= first);
    const todayRows = all.filter((d) => d.day === today);
    const monthRows = all.filter((d) => d.day >= monthStart);
    const t = sums(todayRows);
    const m = sums(monthRows);
    totalToday = add(totalToday, t);
    totalMonth = add(totalMonth, m);
    const payouts = (accountsOf.get(device) ?? []).map((a) => ({
      ...a,
      lastPayoutTs: lastPaid.get(`${a.network}\u0000${a.account}`) ?? null,
    }));
    const flags = reconcile(all, { today, nowMs, payouts });
    const baseline = present.filter((d) => d.day >= baselineFrom && d.day < recentFrom);
    const recent = present.filter((d) => d.day >= recentFrom);
    const dec = baseline.length > 0 && recent.length > 0 ? decompose(baseline, recent) : null;
    devices.push({
      device_id: device,
      today: triple(t),
      month_to_date: triple(m),
      projected_month_net: (() => {
        const p = monthSummary(present, today).projectedMonthMicros;
        return p === null ? null : money(p);
      })(),
      net_by_day: all.filter((d) => d.day >= sparkFrom).map((d) => ({ day: d.day, net: money(d.netMicros) })),
      uptime_pct_7d: uptimePct(all.filter((d) => d.day >= recentFrom)),
      flags: [...new Set(flags.map((f) => f.kind))],
      change: dec && { pct: percent(dec.totalBasisPoints), summary: describe(dec) },
    });
  }
  const snapshot: FleetEarningsSnapshot = {
    computed_ms: nowMs,
    currency: plan.currency.toUpperCase(),
    today,
    devices,
    totals: { today: triple(totalToday), month_to_date: triple(totalMonth) },
  };
  return { snapshot, columns: columns ?? null };
}
