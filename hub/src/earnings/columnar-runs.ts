import type { DeviceHours } from '../store/earnings-hours.js';
import type { Calendar } from './calendar.js';
import { firstSlotOf, SLOTS_PER_HOUR } from './hours.js';
import type { TariffPlan } from './tariff.js';

/**
 * A DeviceHours layout cut into runs of consecutive hours that lie whole in one local day at one
 * tariff price (a flat tariff: one run per day; TOU: one per band). Run r is hours
 * [start[r], start[r + 1]) of day `day[r]` at price `price[r]` (-1: no tariff in effect). An hour
 * across two local days or the calendar's edge (day -1) or whose slots have different prices
 * (price -2) is a run of its own, to be taken slot by slot. Shared by every device with the same
 * first hour and length.
 */
export interface HourRuns {
  startHourMs: number;
  count: number;
  runs: number;
  start: Int32Array;
  day: Int32Array;
  price: Int32Array;
}

const cache = new WeakMap<TariffPlan, HourRuns>();

export function hourRuns(cal: Calendar, plan: TariffPlan, hours: DeviceHours): HourRuns {
  const count = hours.upMs.length;
  const hit = cache.get(plan);
  if (hit && hit.startHourMs === hours.startHourMs && hit.count === count) return hit;
  const start: number[] = [];
  const day: number[] = [];
  const price: number[] = [];
  for (let x = 0; x < count; x++) {
    const s0 = firstSlotOf(cal, hours, x);
    const s3 = s0 + SLOTS_PER_HOUR - 1;
    const whole = s0 >= 0 && s3 < cal.slotCount && cal.slotDay[s0] === cal.slotDay[s3];
    const d = whole ? (cal.slotDay[s0] as number) : -1;
    let p = whole ? (plan.slotPrice[s0] as number) : -2;
    for (let s = s0 + 1; whole && s <= s3; s++) if (plan.slotPrice[s] !== p) p = -2;
    const last = start.length - 1;
    if (last >= 0 && d >= 0 && p !== -2 && day[last] === d && price[last] === p) continue;
    start.push(x);
    day.push(d);
    price.push(p);
  }
  const runs: HourRuns = {
    startHourMs: hours.startHourMs,
    count,
    runs: start.length,
    start: Int32Array.from([...start, count]),
    day: Int32Array.from(day),
    price: Int32Array.from(price),
  };
  cache.set(plan, runs);
  return runs;
}
