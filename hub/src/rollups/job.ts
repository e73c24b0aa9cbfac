import type { Logger } from 'pino';
import { hourOf } from '../store/reward-types.js';
import type { Store } from '../store/types.js';
import { backfillEarningsHours } from './backfill.js';
import { DAY_MS } from './days.js';
import { rollPendingHours } from './roll.js';
import type { RollupJobSettings } from './settings.js';

export interface RollupRunResult {
  hours: number;
  rows: number;
  rawDeleted: number;
  hoursDeleted: number;
  /** Devices whose pre-migration earnings hours were derived from hour rows in this run. */
  backfilled: number;
}

/** Start of the first hour whose raw samples are kept (0: all are kept). */
export const rawCutoff = (s: RollupJobSettings, nowMs: number) =>
  s.rawRetentionDays > 0 ? hourOf(nowMs - s.rawRetentionDays * DAY_MS) : 0;

/**
 * One run: derive pending pre-migration earnings hours (`backfill.ts`; before rolling, so it never
 * writes over hours the roll computes exactly), roll every closed dirty hour, then retention: raw samples before the raw cutoff (only in
 * rolled hours, at most `retentionDeleteBatch`), hourly rows before the hourly cutoff, then a WAL
 * checkpoint so SQLite's WAL file does not keep the deleted pages' size.
 */
export async function runRollups(
  store: Store,
  s: RollupJobSettings,
  nowMs: number,
): Promise<RollupRunResult> {
  const rawCutoffMs = rawCutoff(s, nowMs);
  const backfilled = await backfillEarningsHours(store);
  const rolled = await rollPendingHours(store, { nowMs, batchHours: s.rollupBatchHours, rawCutoffMs });
  const rawDeleted =
    rawCutoffMs > 0 ? await store.deleteRawSamplesBefore(rawCutoffMs, s.retentionDeleteBatch) : 0;
  const hoursDeleted =
    s.hourlyRetentionDays > 0
      ? await store.deleteHourRollupsBefore(hourOf(nowMs - s.hourlyRetentionDays * DAY_MS))
      : 0;
  if (rawDeleted > 0 || hoursDeleted > 0 || rolled.rows > 0) await store.checkpointWal();
  return { ...rolled, rawDeleted, hoursDeleted, backfilled };
}

/**
 * Runs `runRollups` every `rollupIntervalS` (first run right away), one at a time; a failed run is
 * logged and the next runs as planned. stop() waits for a run in progress.
 */
export function startRollups(
  settings: RollupJobSettings,
  store: Store,
  log: Logger,
  now: () => number = Date.now,
): { stop(): Promise<void>; runNow(): Promise<RollupRunResult | null> } {
  let running: Promise<RollupRunResult | null> = Promise.resolve(null);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    running = running.then(async () => {
      if (stopped) return null;
      try {
        const result = await runRollups(store, settings, now());
        if (result.rows > 0 || result.rawDeleted > 0 || result.hoursDeleted > 0 || result.backfilled > 0)
          log.debug(result, 'rollups');
        return result;
      } catch (error) {
        log.error({ err: error }, 'rollup run failed');
        return null;
      }
    });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void run().then(schedule), settings.rollupIntervalS * 1000);
    timer.unref();
  };
  void run().then(schedule);
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
