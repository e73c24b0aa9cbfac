import { HOUR_MS } from '../store/reward-types.js';
import { activityOf, type EarningsHour } from '../store/rollup-earnings.js';
import type { Store } from '../store/types.js';
import { hourEnergyOfReadings, readingsOfRollups } from './energy.js';

/** Devices whose earnings hours are derived per job run (each reads all its old hour rows). */
export const BACKFILL_DEVICES_PER_RUN = 200;

/**
 * Earnings hours for data that existed before the earnings-hours table (the migration marks each
 * device with hour rows): hours that still have raw samples were marked dirty and are recomputed
 * exactly by the job; older hours (before `before_ms`, the device's first raw sample's hour) are
 * derived here from hour rows: activity as stored, energy by `energySlots` on the rows' first and
 * last counter readings (plus the next hour's, so the interval across `before_ms` is split as with
 * raw readings). Approximation: a gap or restart between two samples inside an old hour is seen as
 * part of one interval between that hour's first and last reading.
 */
export async function backfillEarningsHours(store: Store, limit = BACKFILL_DEVICES_PER_RUN): Promise<number> {
  const marks = await store.earningsBackfillPending(limit);
  for (const mark of marks) {
    const rows = await store.listHourRollups(mark.device_id, 0, mark.before_ms + HOUR_MS);
    const first = rows[0]?.hour_ms ?? mark.before_ms;
    const hours = new Map<number, EarningsHour>();
    for (const r of rows) if (r.hour_ms < mark.before_ms) hours.set(r.hour_ms, activityOf(r));
    const energy = hourEnergyOfReadings(mark.device_id, readingsOfRollups(rows), first, mark.before_ms);
    for (const e of energy) {
      const h = hours.get(e.hour_ms) ?? { ...activityOf({ ...EMPTY_ROW, hour_ms: e.hour_ms }) };
      hours.set(e.hour_ms, {
        ...h,
        measured_mwh: e.measured_mwh,
        interpolated_mwh: e.interpolated_mwh,
        known_ms: e.known_ms,
      });
    }
    await store.writeEarningsBackfill(mark, Math.min(first, mark.before_ms), [...hours.values()]);
  }
  return marks.length;
}

const EMPTY_ROW = {
  hour_ms: 0,
  up_ms: 0,
  gpu_busy_ms: 0,
  rx_bytes: 0,
  tx_bytes: 0,
  samples: 0,
} as Parameters<typeof activityOf>[0];
