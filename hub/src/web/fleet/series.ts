import type { Store } from '../../store/types.js';
import { rollupPoint, type SeriesColumns, toColumns } from './series-columns.js';
import { downsampleSamples } from './series-raw.js';

export type Resolution = 'raw' | 'hour' | 'day';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Raw samples are read for ranges up to a day, hourly rollups up to 60 days, daily ones beyond. */
export const RAW_MAX_SPAN_MS = DAY_MS;
export const HOUR_MAX_SPAN_MS = 60 * DAY_MS;
export const MAX_POINTS = 1000;
/** Samples read at most for a raw range (a day of 5 s samples is 17,280). */
const RAW_READ_LIMIT = 20_000;

export function autoResolution(fromMs: number, toMs: number): Resolution {
  const span = toMs - fromMs;
  if (span <= RAW_MAX_SPAN_MS) return 'raw';
  return span <= HOUR_MAX_SPAN_MS ? 'hour' : 'day';
}

/** Buckets of whole seconds, at least `minMs`, so that the range has at most MAX_POINTS of them. */
export function rawBucketMs(fromMs: number, toMs: number, minMs = 1000): number {
  const perPoint = Math.ceil((toMs - fromMs) / MAX_POINTS / 1000) * 1000;
  return Math.max(minMs, perPoint);
}

export interface Series extends SeriesColumns {
  resolution: Resolution;
  step_ms: number;
}

/** A device's chart data over [fromMs, toMs): raw samples bucketed, or hour / day rollups. */
export async function loadSeries(
  store: Store,
  deviceId: string,
  fromMs: number,
  toMs: number,
  resolution: Resolution,
): Promise<Series> {
  if (resolution === 'raw') {
    const samples = await store.listSamples(deviceId, fromMs, toMs, RAW_READ_LIMIT);
    const step = rawBucketMs(fromMs, toMs);
    return { resolution, step_ms: step, ...toColumns(downsampleSamples(samples, step)) };
  }
  if (resolution === 'hour') {
    const rows = await store.listHourRollups(deviceId, fromMs, toMs);
    const points = rows.map((r) => rollupPoint(r, r.hour_ms, HOUR_MS));
    return { resolution, step_ms: HOUR_MS, ...toColumns(points) };
  }
  const rows = await store.listDayRollups(deviceId, fromMs, toMs);
  return { resolution, step_ms: DAY_MS, ...toColumns(rows.map((r) => rollupPoint(r, r.day_ms, DAY_MS))) };
}
