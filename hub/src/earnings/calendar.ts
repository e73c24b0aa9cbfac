import { type LocalDay, localDays, localParts } from './zone.js';

/** Slot length: every zone in use today is offset from UTC by a multiple of 15 minutes. */
export const SLOT_MS = 900_000;

/**
 * The days of a range in a zone, cut into 15-minute UTC slots. Each slot lies in exactly one local
 * day and one local hour, so energy bucketed by slot can be priced by a time-of-use tariff and summed
 * per local day with no further time-zone work. Built once per (zone, range) and shared by all devices.
 */
export interface Calendar {
  zone: string;
  days: LocalDay[];
  /** UTC ms where slot 0 begins (= days[0].startMs). */
  startMs: number;
  endMs: number;
  slotCount: number;
  /** Per slot: index into `days`. */
  slotDay: Int32Array;
  /** Per slot: local weekday (0 = Sunday) and hour (0–23). */
  slotWeekday: Uint8Array;
  slotHour: Uint8Array;
  /** Per day: index of its first slot; days[i] has slots [daySlot[i], daySlot[i + 1]). */
  daySlot: Int32Array;
}

export function buildCalendar(fromKey: string, toKey: string, zone = 'UTC'): Calendar {
  const days = localDays(fromKey, toKey, zone);
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) throw new RangeError(`empty day range ${fromKey}..${toKey}`);
  for (const d of days) {
    if ((d.startMs - first.startMs) % SLOT_MS !== 0) {
      throw new RangeError(`${zone}: day ${d.key} does not start on a 15-minute boundary`);
    }
  }
  const slotCount = (last.endMs - first.startMs) / SLOT_MS;
  const slotDay = new Int32Array(slotCount);
  const slotWeekday = new Uint8Array(slotCount);
  const slotHour = new Uint8Array(slotCount);
  const daySlot = new Int32Array(days.length + 1);
  days.forEach((d, i) => {
    const from = (d.startMs - first.startMs) / SLOT_MS;
    const to = (d.endMs - first.startMs) / SLOT_MS;
    daySlot[i] = from;
    // One UTC offset all day (every day but a DST change): local hours follow by arithmetic, which
    // spares an Intl call per slot. A DST day asks Intl for every slot.
    const offset = offsetMs(d.startMs, zone);
    const steady = offset === offsetMs(d.endMs - SLOT_MS, zone);
    const weekday = steady ? localParts(d.startMs, zone).weekday : 0;
    for (let s = from; s < to; s++) {
      slotDay[s] = i;
      const ts = first.startMs + s * SLOT_MS;
      if (steady) {
        slotWeekday[s] = weekday;
        slotHour[s] = new Date(ts + offset).getUTCHours();
      } else {
        const p = localParts(ts, zone);
        slotWeekday[s] = p.weekday;
        slotHour[s] = p.hour;
      }
    }
  });
  daySlot[days.length] = slotCount;
  return {
    zone,
    days,
    startMs: first.startMs,
    endMs: last.endMs,
    slotCount,
    slotDay,
    slotWeekday,
    slotHour,
    daySlot,
  };
}

/** Local wall clock minus UTC at `ts`, to the minute. */
function offsetMs(ts: number, zone: string): number {
  const p = localParts(ts, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ts / 60_000) * 60_000;
}

/** Index of the day holding `ts`, or -1 outside the calendar. */
export function dayIndexOf(cal: Calendar, ts: number): number {
  if (ts < cal.startMs || ts >= cal.endMs) return -1;
  return cal.slotDay[Math.floor((ts - cal.startMs) / SLOT_MS)] ?? -1;
}

/** Hours in day `i` (23, 24 or 25 across DST changes). */
export const dayHours = (cal: Calendar, i: number): number => {
  const d = cal.days[i];
  return d ? (d.endMs - d.startMs) / 3_600_000 : 0;
};
