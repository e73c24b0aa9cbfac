import type { Sample } from '@nodetally/shared';
import { buildCalendar, type Calendar, SLOT_MS } from '../earnings/calendar.js';
import { type EnergyReading, energySlots } from '../earnings/energy.js';
import { energyReadings } from '../earnings-service/telemetry.js';
import { HOUR_MS } from '../store/reward-types.js';
import type { HourEnergy } from '../store/rollup-earnings.js';
import type { HourRollup } from '../store/rollup-types.js';

const SLOTS_PER_HOUR = HOUR_MS / SLOT_MS;
const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A UTC calendar over the whole days holding [fromMs, toMs). */
function utcCalendar(fromMs: number, toMs: number): Calendar {
  return buildCalendar(dayKey(fromMs), dayKey(toMs - 1), 'UTC');
}

/**
 * Per UTC hour of [fromMs, toMs) (hour bounds): `energySlots` on the readings, its four 15-minute
 * slots summed. Intervals that cross the range's bounds count only for their part inside it, split
 * exactly as `energySlots` splits them over a longer range. Hours with nothing are left out.
 */
export function hourEnergyOfReadings(
  deviceId: string,
  readings: readonly EnergyReading[],
  fromMs: number,
  toMs: number,
): HourEnergy[] {
  if (readings.length < 2 || toMs <= fromMs) return [];
  const cal = utcCalendar(fromMs, toMs);
  const slots = energySlots(cal, readings);
  const out: HourEnergy[] = [];
  for (let h = fromMs; h < toMs; h += HOUR_MS) {
    const s0 = (h - cal.startMs) / SLOT_MS;
    let measured = 0;
    let interpolated = 0;
    let known = 0;
    for (let s = s0; s < s0 + SLOTS_PER_HOUR; s++) {
      measured += slots.measuredMwh[s] as number;
      interpolated += slots.interpolatedMwh[s] as number;
      known += slots.knownMs[s] as number;
    }
    if (measured !== 0 || interpolated !== 0 || known !== 0)
      out.push({
        device_id: deviceId,
        hour_ms: h,
        measured_mwh: measured,
        interpolated_mwh: interpolated,
        known_ms: known,
      });
  }
  return out;
}

/** Energy per hour of [fromMs, toMs) from raw samples (those carrying `power`). */
export const hourEnergy = (deviceId: string, samples: readonly Sample[], fromMs: number, toMs: number) =>
  hourEnergyOfReadings(deviceId, energyReadings(samples), fromMs, toMs);

/**
 * Readings kept in hour rollups (each hour's first and last counter reading), oldest first: what is
 * left of the raw counter once raw samples are deleted. Energy from these is exact for intervals
 * between the kept readings, but an hour's inner readings are gone, so a gap or restart inside an
 * hour is seen as one interval (used only for hours whose raw samples no longer exist).
 */
export function readingsOfRollups(rows: readonly HourRollup[]): EnergyReading[] {
  const out: EnergyReading[] = [];
  for (const r of rows) {
    for (const p of [r.energy_first, r.energy_last]) {
      if (!p) continue;
      const prev = out[out.length - 1];
      if (prev && prev.ts >= p.ts) continue;
      out.push({ ts: p.ts, energyWhTotal: p.energy_wh_total, epochId: p.epoch_id, watts: p.watts });
    }
  }
  return out;
}
