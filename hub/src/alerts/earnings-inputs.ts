import { deviceDayRows } from '../earnings/columnar-fleet.js';
import type { EarningsSettings } from '../earnings/config-schema.js';
import { decompose } from '../earnings/decompose.js';
import type { DeviceDay } from '../earnings/device-day.js';
import { medianOf, reconcile } from '../earnings/flags.js';
import { addDays, dayKeyOf } from '../earnings/zone.js';
import { computeDays } from '../earnings-service/compute.js';
import type { SharedFleetColumns } from '../earnings-service/service.js';
import { type EarningsPlan, earningsPlan } from '../earnings-service/settings.js';
import type { Store } from '../store/types.js';
import type { DeviceInput, EarningsInput } from './types.js';

export const BASELINE_DAYS = 28;
/** Fewer present baseline days than this is too little history to call a drop. */
export const MIN_BASELINE_DAYS = 7;

/**
 * Where the earnings settings come from: the earnings service (settings saved through the API,
 * and a signal when its snapshot refreshes), or the hub config alone.
 */
export interface EarningsSource {
  settings(): EarningsSettings;
  onSnapshot?(listener: () => void): () => void;
  /** The plan in effect (identity tells whether `fleetColumns` was computed with it). */
  plan?(): EarningsPlan;
  /** The earnings service's last snapshot columns: reused when they cover the days asked. */
  fleetColumns?(): SharedFleetColumns | null;
}

export type EarningsOfDevice = Pick<DeviceInput, 'earnings' | 'payouts'>;

/** A device's days from its first sign of life (telemetry, energy or a reward) on. */
function presentDays(rows: readonly DeviceDay[]): DeviceDay[] {
  const first = rows.findIndex((d) => d.uptimeS !== null || d.tokens.length > 0 || d.energy.measuredMwh > 0);
  return first < 0 ? [] : rows.slice(first);
}

/**
 * The earnings figures of one device for `day` (the last complete local day): net of that day, the
 * lower median of the present days of the 28 before it, the decomposition (those 28 days against
 * `day`) and `reconcile()`'s flags for `day`. Undefined while the history is too short to judge.
 */
export function earningsInputOf(
  rows: readonly DeviceDay[],
  day: string,
  nowMs: number,
): EarningsInput | undefined {
  const present = presentDays(rows.filter((d) => d.day <= day));
  const recent = present.find((d) => d.day === day);
  const baseline = present.filter((d) => d.day >= addDays(day, -BASELINE_DAYS) && d.day < day);
  if (!recent || baseline.length < MIN_BASELINE_DAYS) return undefined;
  return {
    day,
    recent_micros_per_day: recent.netMicros,
    baseline_median_micros_per_day: medianOf(baseline.map((d) => d.netMicros)),
    decomposition: decompose(baseline, [recent]),
    flags: reconcile(present, { today: day, nowMs }),
  };
}

/**
 * The earnings inputs of every device, computed with the earnings engine (earnings-service/
 * compute.ts) at most every `refreshMs`, again when the local day turns or the earnings service
 * refreshes its snapshot. Between two computations the cached figures are handed out.
 */
export class EarningsFeed {
  private cache: { day: string; atMs: number; byDevice: Map<string, EarningsOfDevice> } | null = null;
  private readonly unsubscribe: (() => void) | undefined;

  constructor(
    private readonly source: EarningsSource,
    private readonly refreshMs: () => number,
  ) {
    this.unsubscribe = source.onSnapshot?.(() => this.invalidate());
  }

  invalidate(): void {
    this.cache = null;
  }

  stop(): void {
    this.unsubscribe?.();
  }

  async get(store: Store, nowMs: number): Promise<Map<string, EarningsOfDevice>> {
    const plan = this.source.plan?.() ?? earningsPlan(this.source.settings());
    const day = addDays(dayKeyOf(nowMs, plan.zone), -1);
    const c = this.cache;
    if (c && c.day === day && nowMs - c.atMs < this.refreshMs()) return c.byDevice;
    const from = addDays(day, -BASELINE_DAYS);
    const { days, payouts } =
      this.sharedDays(plan, from, day, nowMs) ?? (await computeDays(store, plan, from, day, null, nowMs));
    const byDevice = new Map<string, EarningsOfDevice>();
    for (const [device, rows] of days) {
      const earnings = earningsInputOf(rows, day, nowMs);
      byDevice.set(device, {
        ...(earnings ? { earnings } : {}),
        payouts: (payouts.get(device) ?? []).map((p) => ({
          network: p.network,
          account: p.account,
          last_payout_ms: p.lastPayoutTs,
        })),
      });
    }
    this.cache = { day, atMs: nowMs, byDevice };
    return byDevice;
  }

  /**
   * The days [from, to] of every device from the earnings service's last snapshot, when it was
   * computed with this very plan within the refresh interval and its calendar covers them: a day's
   * figures do not depend on the range they were computed in, so these are the rows `computeDays`
   * would give (payouts are only read for single-device reports, so none here either).
   */
  private sharedDays(plan: EarningsPlan, from: string, to: string, nowMs: number) {
    const s = this.source.fleetColumns?.();
    if (!s || s.plan !== plan || nowMs - s.nowMs >= this.refreshMs()) return null;
    const keys = s.columns.cal.days.map((d) => d.key);
    const first = keys.indexOf(from);
    const last = keys.indexOf(to);
    if (first < 0 || last < first) return null;
    const days = new Map<string, DeviceDay[]>();
    s.columns.devices.forEach((device, d) => {
      days.set(device, deviceDayRows(s.columns, d, first, last));
    });
    return { days, payouts: new Map<string, never[]>() };
  }
}
