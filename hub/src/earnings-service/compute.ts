import { attribute, type Share, type Unattributed } from '../earnings/attribution.js';
import { buildCalendar } from '../earnings/calendar.js';
import { type Decomposition, decompose } from '../earnings/decompose.js';
import { type DeviceDay, deviceDays } from '../earnings/device-day.js';
import { type Flag, reconcile } from '../earnings/flags.js';
import { type DeviceMetrics, deviceMetrics } from '../earnings/metrics.js';
import { type MonthSummary, monthSummary, type Payback, payback } from '../earnings/month.js';
import { planTariff } from '../earnings/tariff.js';
import { addDays } from '../earnings/zone.js';
import { decimalToBaseUnits } from '../rewards/amount.js';
import type { Store } from '../store/types.js';
import { type EarningsInputs, loadInputs } from './inputs.js';
import type { EarningsPlan } from './settings.js';
import { DEVICES_PER_SLICE, yieldToEventLoop } from './yield.js';

/** Days of the recent window and of the baseline before it, for the decomposition and the flags. */
export const RECENT_DAYS = 7;
export const BASELINE_DAYS = 28;

/** Every device's days over [from, to] (local days), and what could not be attributed. */
export async function computeDays(
  store: Store,
  plan: EarningsPlan,
  from: string,
  to: string,
  devices: readonly string[] | null,
  nowMs: number,
): Promise<{
  days: Map<string, DeviceDay[]>;
  unattributed: Unattributed[];
  payouts: EarningsInputs['payouts'];
  rewards: EarningsInputs['rewards'];
}> {
  const cal = buildCalendar(from, to, plan.zone);
  const loaded = await loadInputs(store, plan, cal, devices, nowMs);
  const engine = prepareEngine(plan, loaded);
  const days = new Map<string, DeviceDay[]>();
  let n = 0;
  for (const device of loaded.devices) {
    days.set(device, engine.daysOf(device));
    if (++n % DEVICES_PER_SLICE === 0) await yieldToEventLoop();
  }
  return engine.result(days);
}

/** Attribution and tariff once for the fleet; then each device's days, one at a time. */
function prepareEngine(plan: EarningsPlan, loaded: Awaited<ReturnType<typeof loadInputs>>) {
  const { inputs } = loaded;
  const { cal } = inputs;
  const { shares, unattributed } = attribute(cal, inputs.rewards, inputs.links, inputs.activity);
  const tariff = planTariff(cal, plan.tariffs);
  // Each device gets only its own shares: deviceDays would otherwise scan the fleet's per device.
  const sharesOf = new Map<string, Share[]>();
  for (const s of shares) {
    const list = sharesOf.get(s.device);
    if (list) list.push(s);
    else sharesOf.set(s.device, [s]);
  }
  return {
    daysOf(device: string): DeviceDay[] {
      const amortization = plan.hardwareOf(device);
      return deviceDays(
        cal,
        {
          device,
          readings: inputs.readings.get(device) ?? [],
          plan: tariff,
          fixedCosts: plan.fixedCostsOf(device),
          ...(amortization ? { amortization } : {}),
        },
        sharesOf.get(device) ?? [],
        inputs.activity,
      );
    },
    result: (days: Map<string, DeviceDay[]>) => ({
      days,
      unattributed,
      payouts: inputs.payouts,
      rewards: inputs.rewards,
    }),
  };
}

/** The engine part of `computeDays`, on inputs already read (the benchmark times the two apart). */
export function computeLoaded(
  plan: EarningsPlan,
  loaded: Awaited<ReturnType<typeof loadInputs>>,
): Awaited<ReturnType<typeof computeDays>> {
  const engine = prepareEngine(plan, loaded);
  const days = new Map<string, DeviceDay[]>();
  for (const device of loaded.devices) days.set(device, engine.daysOf(device));
  return engine.result(days);
}

export interface DeviceReport {
  /** The asked days only. */
  days: DeviceDay[];
  metrics: DeviceMetrics;
  month: MonthSummary;
  payback: (Payback & { since: string; partial: boolean }) | null;
  flags: Flag[];
  /** Null while the device has no present day in the baseline or the recent window. */
  decomposition: {
    recentFrom: string;
    baselineFrom: string;
    baselineTo: string;
    result: Decomposition;
  } | null;
}

/**
 * One device over [from, to]. History is read from min(from, to − 34 days) so that `to` always has
 * its 7-day recent window and 28-day baseline (decomposition, flags) and 30 trailing days (projection);
 * payback sums from the purchase day or from that start, whichever is later (`partial` then).
 */
export async function deviceReport(
  store: Store,
  plan: EarningsPlan,
  device: string,
  from: string,
  to: string,
  nowMs: number,
  today: string,
): Promise<DeviceReport> {
  const historyFrom = addDays(to, 1 - RECENT_DAYS - BASELINE_DAYS);
  const start = from < historyFrom ? from : historyFrom;
  const { days, payouts } = await computeDays(store, plan, start, to, [device], nowMs);
  const all = days.get(device) ?? [];
  const recentFrom = addDays(to, 1 - RECENT_DAYS);
  const baselineFrom = addDays(recentFrom, -BASELINE_DAYS);
  const baselineTo = addDays(recentFrom, -1);
  // Days before the device's first sign of life (telemetry, energy or a reward) are not "present":
  // they would dilute the projection and the baseline with zeros.
  const first = all.find((d) => d.uptimeS !== null || d.tokens.length > 0 || d.energy.measuredMwh > 0)?.day;
  const present = first === undefined ? [] : all.filter((d) => d.day >= first);
  const within = (a: string, b: string) => present.filter((d) => d.day >= a && d.day <= b);
  const hw = plan.hardwareOf(device);
  const since = hw ? ([hw.start, start].sort()[1] ?? start) : null;
  const asked = all.filter((d) => d.day >= from && d.day <= to);
  const baseline = within(baselineFrom, baselineTo);
  const recent = within(recentFrom, to);
  return {
    days: asked,
    metrics: deviceMetrics(asked),
    month: monthSummary(present, to),
    payback:
      hw && since
        ? { ...payback(all, decimalToBaseUnits(hw.price, 6), since, to), since, partial: since !== hw.start }
        : null,
    flags: reconcile(all, {
      today: to,
      nowMs,
      // Late payouts are judged at now, so only when the range reaches today.
      ...(to >= today ? { payouts: payouts.get(device) ?? [] } : {}),
    }),
    decomposition:
      baseline.length === 0 || recent.length === 0
        ? null
        : { recentFrom, baselineFrom, baselineTo, result: decompose(baseline, recent) },
  };
}
