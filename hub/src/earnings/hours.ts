import type { DeviceHours } from '../store/earnings-hours.js';
import type { DeviceActivity } from './attribution.js';
import { type Calendar, SLOT_MS } from './calendar.js';
import type { EnergySlots } from './energy.js';
import { HOUR_MS } from './zone.js';

/** A calendar slot is a quarter of a UTC hour. */
export const SLOTS_PER_HOUR = HOUR_MS / SLOT_MS;

/** The k-th of four exact integer parts of x: floor(x·(k+1)/4) − floor(x·k/4); the four sum to x. */
export const quarterPart = (x: number, k: number): number =>
  Math.floor((x * (k + 1)) / SLOTS_PER_HOUR) - Math.floor((x * k) / SLOTS_PER_HOUR);

/** Slot of the calendar where hour `h` of `hours` begins (may be outside [0, slotCount)). */
export const firstSlotOf = (cal: Calendar, hours: DeviceHours, h: number): number =>
  (hours.startHourMs - cal.startMs) / SLOT_MS + h * SLOTS_PER_HOUR;

/**
 * A device's hour energy as the calendar's 15-minute slots, for the exact engine: each hour's measured
 * mWh, interpolated mWh and known ms split over its four slots in exact integer parts (`quarterPart`).
 * In a zone whose offset is a whole number of hours all four slots lie in one local day and hour, so
 * this changes nothing; in a +5:30 or +5:45 zone the hour holding local midnight (or a TOU band edge)
 * is split evenly, since an hour total does not say when inside the hour the energy was used.
 */
export function hourSlots(cal: Calendar, hours: DeviceHours): EnergySlots {
  const out: EnergySlots = {
    measuredMwh: new Float64Array(cal.slotCount),
    interpolatedMwh: new Float64Array(cal.slotCount),
    knownMs: new Float64Array(cal.slotCount),
  };
  const n = hours.measuredMwh.length;
  for (let h = 0; h < n; h++) {
    const m = hours.measuredMwh[h] as number;
    const i = hours.interpolatedMwh[h] as number;
    const k = hours.knownMs[h] as number;
    if (m === 0 && i === 0 && k === 0) continue;
    const s0 = firstSlotOf(cal, hours, h);
    for (let q = 0; q < SLOTS_PER_HOUR; q++) {
      const s = s0 + q;
      if (s < 0 || s >= cal.slotCount) continue;
      out.measuredMwh[s] = (out.measuredMwh[s] as number) + quarterPart(m, q);
      out.interpolatedMwh[s] = (out.interpolatedMwh[s] as number) + quarterPart(i, q);
      out.knownMs[s] = (out.knownMs[s] as number) + quarterPart(k, q);
    }
  }
  return out;
}

/** Per calendar day: summed online ms, GPU-busy ms, bytes, and whether the day has telemetry. */
export interface DayActivitySums {
  upMs: Float64Array;
  busyMs: Float64Array;
  bytes: Float64Array;
  present: Uint8Array;
}

/**
 * Adds a device's hours to per-day sums (as the hour-rollup path did before earnings hours): an hour with
 * telemetry (`present`) or online time goes to the local day holding it; an hour that straddles two
 * local days (half- or quarter-hour zones) or the calendar's edge counts a quarter per slot inside
 * the calendar. Quarters of a float are exact (a power of two), so both paths add the same numbers.
 */
export function addHourActivity(cal: Calendar, hours: DeviceHours, out: DayActivitySums): void {
  const n = hours.upMs.length;
  for (let h = 0; h < n; h++) {
    const up = hours.upMs[h] as number;
    if (hours.present[h] === 0 && up === 0) continue;
    const busy = hours.busyMs[h] as number;
    const bytes = hours.bytes[h] as number;
    const s0 = firstSlotOf(cal, hours, h);
    const last = s0 + SLOTS_PER_HOUR - 1;
    if (last < 0 || s0 >= cal.slotCount) continue;
    const d0 = s0 >= 0 ? (cal.slotDay[s0] as number) : -1;
    if (s0 >= 0 && last < cal.slotCount && d0 === cal.slotDay[last]) {
      out.upMs[d0] = (out.upMs[d0] as number) + up;
      out.busyMs[d0] = (out.busyMs[d0] as number) + busy;
      out.bytes[d0] = (out.bytes[d0] as number) + bytes;
      out.present[d0] = 1;
      continue;
    }
    for (let s = Math.max(s0, 0); s <= Math.min(last, cal.slotCount - 1); s++) {
      const d = cal.slotDay[s] as number;
      out.upMs[d] = (out.upMs[d] as number) + up / SLOTS_PER_HOUR;
      out.busyMs[d] = (out.busyMs[d] as number) + busy / SLOTS_PER_HOUR;
      out.bytes[d] = (out.bytes[d] as number) + bytes / SLOTS_PER_HOUR;
      out.present[d] = 1;
    }
  }
}

export function emptyDaySums(days: number): DayActivitySums {
  return {
    upMs: new Float64Array(days),
    busyMs: new Float64Array(days),
    bytes: new Float64Array(days),
    present: new Uint8Array(days),
  };
}

/** A device's hours as the exact engine's per-day activity (rounded to whole seconds and bytes). */
export function hoursActivity(cal: Calendar, hours: DeviceHours): Map<string, DeviceActivity> {
  const sums = emptyDaySums(cal.days.length);
  addHourActivity(cal, hours, sums);
  const out = new Map<string, DeviceActivity>();
  cal.days.forEach((d, i) => {
    if (sums.present[i] === 0) return;
    out.set(d.key, {
      uptimeS: Math.round((sums.upMs[i] as number) / 1000),
      gpuBusyS: Math.round((sums.busyMs[i] as number) / 1000),
      bytes: Math.round(sums.bytes[i] as number),
    });
  });
  return out;
}
