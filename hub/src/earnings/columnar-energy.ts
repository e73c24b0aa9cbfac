import type { DeviceHours } from '../store/earnings-hours.js';
import type { Calendar } from './calendar.js';
import type { DayActivity } from './columnar-attribution.js';
import { hourRuns } from './columnar-runs.js';
import type { EnergySlots } from './energy.js';
import { firstSlotOf, quarterPart, SLOTS_PER_HOUR } from './hours.js';
import { safe } from './safe-int.js';
import type { TariffPlan } from './tariff.js';

/** One device's energy per calendar day: figures, and mWh per tariff price (day × prices + price). */
export interface EnergyDays {
  measured: Float64Array;
  interpolated: Float64Array;
  known: Float64Array;
  byPrice: Float64Array;
  /** 1 when energy fell in a slot with no tariff in effect (the day's cost is then unknown). */
  uncovered: Uint8Array;
}

export function emptyEnergyDays(days: number, prices: number): EnergyDays {
  return {
    measured: new Float64Array(days),
    interpolated: new Float64Array(days),
    known: new Float64Array(days),
    byPrice: new Float64Array(days * Math.max(prices, 1)),
    uncovered: new Uint8Array(days),
  };
}

function addSlot(
  cal: Calendar,
  plan: TariffPlan,
  out: EnergyDays,
  s: number,
  m: number,
  i: number,
  k: number,
) {
  addDay(out, plan.prices.length, cal.slotDay[s] as number, plan.slotPrice[s] as number, m, i, k);
}

function addDay(out: EnergyDays, prices: number, d: number, p: number, m: number, i: number, k: number) {
  out.measured[d] = (out.measured[d] as number) + m;
  out.interpolated[d] = (out.interpolated[d] as number) + i;
  out.known[d] = (out.known[d] as number) + k;
  const e = m + i;
  if (e === 0) return;
  if (p < 0) out.uncovered[d] = 1;
  else out.byPrice[d * prices + p] = (out.byPrice[d * prices + p] as number) + e;
}

/** Slots already bucketed (raw counter readings through `energySlots`) summed per day and price. */
export function energyDaysOfSlots(
  cal: Calendar,
  plan: TariffPlan,
  slots: EnergySlots,
  out: EnergyDays = emptyEnergyDays(cal.days.length, plan.prices.length),
): EnergyDays {
  for (let s = 0; s < cal.slotCount; s++) {
    const m = slots.measuredMwh[s] as number;
    const i = slots.interpolatedMwh[s] as number;
    const k = slots.knownMs[s] as number;
    if (m !== 0 || i !== 0 || k !== 0) addSlot(cal, plan, out, s, m, i, k);
  }
  return out;
}

/**
 * One pass over a device's hours: its per-day activity (the sums `addHourActivity` makes, in the same
 * order, so the same floats) and its energy per day and price (the integers `hourSlots` →
 * `dailyEnergy` + `energyCostByDay` give: integer sums do not depend on their order). An hour whose
 * four slots share a day and a price (every hour in a whole-hour zone but at a TOU edge inside it)
 * is added whole; with non-negative energy its slots are all zero exactly when its total is, so
 * "energy in an uncovered slot" is judged alike. Other hours go slot by slot in quarters.
 */
export function reduceHours(
  cal: Calendar,
  plan: TariffPlan,
  hours: DeviceHours,
  /** Where to write (zeroed, e.g. a `DayTable` row); new arrays when absent. */
  into?: { activity: DayActivity; energy: EnergyDays },
): { activity: DayActivity; energy: EnergyDays } {
  const D = cal.days.length;
  const P = plan.prices.length;
  const energy = into?.energy ?? emptyEnergyDays(D, P);
  const activity: DayActivity = into?.activity ?? {
    uptimeS: new Float64Array(D),
    gpuBusyS: new Float64Array(D),
    bytes: new Float64Array(D),
    present: new Uint8Array(D),
  };
  const t = hourRuns(cal, plan, hours);
  const { upMs, busyMs, bytes, present, measuredMwh, interpolatedMwh, knownMs } = hours;
  const { uptimeS, gpuBusyS, bytes: dayBytes, present: dayPresent } = activity;
  const { measured: dayMeasured, interpolated: dayInterpolated, known: dayKnown, byPrice } = energy;
  for (let r = 0; r < t.runs; r++) {
    const from = t.start[r] as number;
    const to = t.start[r + 1] as number;
    const d = t.day[r] as number;
    const p = t.price[r] as number;
    if (d < 0 || p === -2) {
      for (let x = from; x < to; x++) splitHour(cal, plan, hours, x, activity, energy);
      continue;
    }
    // Hours of one local day at one price: sums in registers, in hour order (the same float
    // additions as hour by hour); an hour with negative energy goes through the slots instead.
    let up = uptimeS[d] as number;
    let busy = gpuBusyS[d] as number;
    let b = dayBytes[d] as number;
    let any = 0;
    let m = 0;
    let i = 0;
    let k = 0;
    for (let x = from; x < to; x++) {
      const u = upMs[x] as number;
      if (present[x] !== 0 || u !== 0) {
        up += u;
        busy += busyMs[x] as number;
        b += bytes[x] as number;
        any = 1;
      }
      const hm = measuredMwh[x] as number;
      const hi = interpolatedMwh[x] as number;
      if (hm >= 0 && hi >= 0) {
        m += hm;
        i += hi;
        k += knownMs[x] as number;
      } else energyInQuarters(cal, plan, hours, x, energy);
    }
    uptimeS[d] = up;
    gpuBusyS[d] = busy;
    dayBytes[d] = b;
    if (any) dayPresent[d] = 1;
    dayMeasured[d] = (dayMeasured[d] as number) + m;
    dayInterpolated[d] = (dayInterpolated[d] as number) + i;
    dayKnown[d] = (dayKnown[d] as number) + k;
    if (m + i !== 0) {
      if (p < 0) energy.uncovered[d] = 1;
      else byPrice[d * P + p] = (byPrice[d * P + p] as number) + m + i;
    }
  }
  for (let d = 0; d < D; d++) {
    activity.uptimeS[d] = Math.round((activity.uptimeS[d] as number) / 1000);
    activity.gpuBusyS[d] = Math.round((activity.gpuBusyS[d] as number) / 1000);
    activity.bytes[d] = safe(Math.round(activity.bytes[d] as number));
  }
  return { activity, energy };
}

/** An hour across two local days, the calendar's edge or a TOU edge: activity and energy by slot. */
function splitHour(
  cal: Calendar,
  plan: TariffPlan,
  hours: DeviceHours,
  x: number,
  a: DayActivity,
  e: EnergyDays,
) {
  if (hours.present[x] !== 0 || hours.upMs[x] !== 0) activityInQuarters(cal, hours, x, a);
  energyInQuarters(cal, plan, hours, x, e);
}

function energyInQuarters(cal: Calendar, plan: TariffPlan, hours: DeviceHours, x: number, e: EnergyDays) {
  const m = hours.measuredMwh[x] as number;
  const i = hours.interpolatedMwh[x] as number;
  const k = hours.knownMs[x] as number;
  if (m === 0 && i === 0 && k === 0) return;
  const s0 = firstSlotOf(cal, hours, x);
  for (let q = 0; q < SLOTS_PER_HOUR; q++) {
    const s = s0 + q;
    if (s >= 0 && s < cal.slotCount)
      addSlot(cal, plan, e, s, quarterPart(m, q), quarterPart(i, q), quarterPart(k, q));
  }
}

/** An hour across two local days or the calendar's edge: a quarter to each slot inside the calendar. */
function activityInQuarters(cal: Calendar, hours: DeviceHours, x: number, a: DayActivity) {
  const s0 = firstSlotOf(cal, hours, x);
  const up = (hours.upMs[x] as number) / SLOTS_PER_HOUR;
  const busy = (hours.busyMs[x] as number) / SLOTS_PER_HOUR;
  const bytes = (hours.bytes[x] as number) / SLOTS_PER_HOUR;
  for (let s = Math.max(s0, 0); s <= Math.min(s0 + SLOTS_PER_HOUR - 1, cal.slotCount - 1); s++) {
    const d = cal.slotDay[s] as number;
    a.uptimeS[d] = (a.uptimeS[d] as number) + up;
    a.gpuBusyS[d] = (a.gpuBusyS[d] as number) + busy;
    a.bytes[d] = (a.bytes[d] as number) + bytes;
    a.present[d] = 1;
  }
}
