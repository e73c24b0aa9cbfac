import { attribute, type DeviceActivity, type Share, type Unattributed } from '../earnings/attribution.js';
import { buildCalendar } from '../earnings/calendar.js';
import {
  deviceDayRows,
  type FleetColumns,
  type FleetInputs,
  fleetColumns,
  fleetColumnsPausing,
  UnsafeIntegerError,
} from '../earnings/columnar-fleet.js';
import { type Decomposition, decompose } from '../earnings/decompose.js';
import { type DeviceDay, deviceDays } from '../earnings/device-day.js';
import type { EnergySlots } from '../earnings/energy.js';
import { type Flag, reconcile } from '../earnings/flags.js';
import { type DeviceMetrics, deviceMetrics } from '../earnings/metrics.js';
import { type MonthSummary, monthSummary, type Payback, payback } from '../earnings/month.js';
import { valueRewards } from '../earnings/valuation.js';
import { addDays } from '../earnings/zone.js';
import { decimalToBaseUnits } from '../rewards/amount.js';
import type { Store } from '../store/types.js';
import { type EarningsInputs, loadInputs } from './inputs.js';
import type { EarningsPlan } from './settings.js';
import { DEVICES_PER_SLICE, yieldToEventLoop } from './yield.js';

/** Days of the recent window and of the baseline before it, for the decomposition and the flags. */
export const RECENT_DAYS = 7;
export const BASELINE_DAYS = 28;

type Loaded = Awaited<ReturnType<typeof loadInputs>>;
export interface ComputedDays {
  days: Map<string, DeviceDay[]>;
  /** The columnar engine's result the rows were made from (absent after the exact engine). */
  columns?: FleetColumns;
  unattributed: Unattributed[];
  payouts: EarningsInputs['payouts'];
  rewards: EarningsInputs['rewards'];
}

/**
 * Every device's days over [from, to] (local days), and what could not be attributed: the columnar
 * engine (typed arrays, safe-integer money), or the exact BigInt engine when a figure would leave the
 * safe-integer range (`UnsafeIntegerError`: e.g. 18-decimal token amounts). Both give the same days.
 */
export async function computeDays(
  store: Store,
  plan: EarningsPlan,
  from: string,
  to: string,
  devices: readonly string[] | null,
  nowMs: number,
): Promise<ComputedDays> {
  const cal = buildCalendar(from, to, plan.zone);
  try {
    const loaded = await loadInputs(store, plan, cal, devices, nowMs, 'columnar');
    const { columns, unattributed } = await fleetColumnsPausing(
      fleetInputsOf(plan, loaded),
      yieldToEventLoop,
    );
    const days = new Map<string, DeviceDay[]>();
    for (let d = 0; d < columns.devices.length; d++) {
      days.set(columns.devices[d] as string, deviceDayRows(columns, d));
      if ((d + 1) % DEVICES_PER_SLICE === 0) await yieldToEventLoop();
    }
    return { days, columns, unattributed, payouts: loaded.inputs.payouts, rewards: loaded.inputs.rewards };
  } catch (error) {
    if (!(error instanceof UnsafeIntegerError)) throw error;
  }
  const loaded = await loadInputs(store, plan, cal, devices, nowMs, 'exact');
  const engine = exactEngine(plan, loaded);
  const days = new Map<string, DeviceDay[]>();
  let n = 0;
  for (const device of loaded.devices) {
    days.set(device, engine.daysOf(device));
    if (++n % DEVICES_PER_SLICE === 0) await yieldToEventLoop();
  }
  return engine.result(days);
}

/** The columnar engine on inputs read in `columnar` mode, without pauses (throws UnsafeIntegerError). */
export const columnarOf = (plan: EarningsPlan, loaded: Loaded) => fleetColumns(fleetInputsOf(plan, loaded));

function fleetInputsOf(plan: EarningsPlan, loaded: Loaded): FleetInputs {
  const { inputs } = loaded;
  const telemetry = (device: string) => {
    const t = inputs.telemetry.get(device);
    return t?.mode === 'columnar' ? t : undefined;
  };
  return {
    cal: inputs.cal,
    devices: loaded.devices,
    rewards: inputs.rewards,
    prices: inputs.prices,
    spot: inputs.spot,
    links: inputs.links,
    tariff: inputs.tariff,
    energyOf: (device) => telemetry(device)?.energy ?? undefined,
    activityOf: (device) => telemetry(device)?.activity,
    costsOf: (device) => ({ fixedCosts: plan.fixedCostsOf(device), amortization: plan.hardwareOf(device) }),
  };
}

/** The exact BigInt engine on inputs read in `exact` mode: attribution and tariff once, then each device. */
function exactEngine(plan: EarningsPlan, loaded: Loaded) {
  const { inputs } = loaded;
  const { cal } = inputs;
  const activity = new Map<string, Map<string, DeviceActivity>>();
  const slots = new Map<string, EnergySlots>();
  for (const [device, t] of inputs.telemetry) {
    if (t.mode !== 'exact') continue;
    activity.set(device, t.activity);
    if (t.slots) slots.set(device, t.slots);
  }
  const valued = valueRewards(inputs.rewards, inputs.prices, inputs.spot);
  const { shares, unattributed } = attribute(cal, valued, inputs.links, activity);
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
      const energy = slots.get(device);
      return deviceDays(
        cal,
        {
          device,
          ...(energy ? { slots: energy } : {}),
          plan: inputs.tariff,
          fixedCosts: plan.fixedCostsOf(device),
          ...(amortization ? { amortization } : {}),
        },
        sharesOf.get(device) ?? [],
        activity,
      );
    },
    result: (days: Map<string, DeviceDay[]>): ComputedDays => ({
      days,
      unattributed,
      payouts: inputs.payouts,
      rewards: inputs.rewards,
    }),
  };
}

/** The engine part of `computeDays`, on inputs already read (the benchmark times the two apart). */
export function computeLoaded(plan: EarningsPlan, loaded: Loaded): ComputedDays {
  const days = new Map<string, DeviceDay[]>();
  if (loaded.inputs.telemetry.values().next().value?.mode !== 'exact') {
    const { columns, unattributed } = columnarOf(plan, loaded);
    for (let d = 0; d < columns.devices.length; d++)
      days.set(columns.devices[d] as string, deviceDayRows(columns, d));
    return { days, unattributed, payouts: loaded.inputs.payouts, rewards: loaded.inputs.rewards };
  }
  const engine = exactEngine(plan, loaded);
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
