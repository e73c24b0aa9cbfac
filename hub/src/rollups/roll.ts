import { readAllSamples } from '../store/paged-samples.js';
import { HOUR_MS, hourOf } from '../store/reward-types.js';
import type { HourEnergy } from '../store/rollup-earnings.js';
import type { DirtyHour, HourRollup, RecomputedRange } from '../store/rollup-types.js';
import type { Store } from '../store/types.js';
import { hourEnergy } from './energy.js';
import { rollHours } from './hours.js';

/** Longest run of dirty hours recomputed in one go (bounds memory during an outbox replay). */
const MAX_CLUSTER_HOURS = 24;
const MAX_BATCHES_PER_RUN = 100;

/** Dirty hours of one device (sorted) in runs of nearby hours: each run is recomputed together. */
function clusters(hours: readonly number[]): Array<{ first: number; last: number }> {
  const out: Array<{ first: number; last: number }> = [];
  for (const h of hours) {
    const c = out[out.length - 1];
    if (c && h - c.last <= 2 * HOUR_MS && h - c.first < MAX_CLUSTER_HOURS * HOUR_MS) c.last = h;
    else out.push({ first: h, last: h });
  }
  return out;
}

export interface RollResult {
  hours: number;
  rows: number;
}

/**
 * Rolls one device's dirty hours. A new sample changes the intervals on both sides of it, so each
 * run of dirty hours is widened to the hours of its neighbouring samples (the previous hour's tail,
 * the next hour's head, or whole hours of a gap) and that range is recomputed in full from raw
 * samples, hour rows and earnings hours (energy per hour from `energySlots`) alike. Hours before `rawCutoffMs` have lost their raw samples: they are not recomputed again
 * when they already have a row (a late sample there is ignored), and ranges never widen into them.
 */
async function rollDevice(store: Store, deviceId: string, dirty: DirtyHour[], rawCutoffMs: number) {
  const rows: HourRollup[] = [];
  const energy: HourEnergy[] = [];
  const ranges: RecomputedRange[] = [];
  let todo = dirty.map((d) => d.hour_ms);
  const old = todo.filter((h) => h < rawCutoffMs);
  if (old.length > 0) {
    const rolled = new Set(
      (await store.listHourRollups(deviceId, Math.min(...old), rawCutoffMs)).map((r) => r.hour_ms),
    );
    todo = todo.filter((h) => !rolled.has(h));
  }
  for (const c of clusters(todo)) {
    const edge = await store.neighborSamples(deviceId, c.first, c.last + HOUR_MS);
    const floor = Math.min(c.first, rawCutoffMs);
    const from = edge.before ? Math.min(c.first, Math.max(hourOf(edge.before.ts), floor)) : c.first;
    const to = edge.after ? Math.max(c.last + HOUR_MS, hourOf(edge.after.ts) + HOUR_MS) : c.last + HOUR_MS;
    const outer = await store.neighborSamples(deviceId, from, to);
    const samples = await readAllSamples(store, deviceId, from, to);
    const all = [...(outer.before ? [outer.before] : []), ...samples, ...(outer.after ? [outer.after] : [])];
    rows.push(...rollHours(deviceId, all, from, to));
    energy.push(...hourEnergy(deviceId, all, from, to));
    ranges.push({ device_id: deviceId, from_ms: from, to_ms: to });
  }
  await store.writeHourRollups(dirty, rows, ranges, energy);
  return rows.length;
}

/**
 * Rolls dirty hours that have ended (hour start < hourOf(nowMs)) in batches of `batchHours` until
 * none is left. The open hour waits until it closes: it is rolled once instead of every run.
 */
export async function rollPendingHours(
  store: Store,
  o: { nowMs: number; batchHours: number; rawCutoffMs: number },
): Promise<RollResult> {
  const result: RollResult = { hours: 0, rows: 0 };
  // Bounded even while ingest keeps re-dirtying old hours: the next run goes on.
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const pending = await store.rollupPending(o.batchHours, hourOf(o.nowMs));
    const byDevice = new Map<string, DirtyHour[]>();
    for (const p of pending) {
      const list = byDevice.get(p.device_id);
      if (list) list.push(p);
      else byDevice.set(p.device_id, [p]);
    }
    for (const [deviceId, dirty] of byDevice) {
      result.rows += await rollDevice(store, deviceId, dirty, o.rawCutoffMs);
      result.hours += dirty.length;
    }
    if (pending.length < o.batchHours) break;
  }
  return result;
}
