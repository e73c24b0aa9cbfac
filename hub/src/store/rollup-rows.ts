import type { DayRollup, HourRollup } from './rollup-types.js';

/** Both engines keep a rollup as (device_id, hour_ms | day_ms, data): data is the rest, as JSON. */
export function rollupData(row: HourRollup | DayRollup): string {
  const { device_id: _device, ...rest } = row;
  delete (rest as Partial<HourRollup>).hour_ms;
  delete (rest as Partial<DayRollup>).day_ms;
  return JSON.stringify(rest);
}

interface StoredRollup {
  device_id: string;
  at_ms: number;
  data: string;
}

export const hourRow = (r: StoredRollup): HourRollup => ({
  device_id: r.device_id,
  hour_ms: r.at_ms,
  ...(JSON.parse(r.data) as Omit<HourRollup, 'device_id' | 'hour_ms'>),
});

export const dayRow = (r: StoredRollup): DayRollup => ({
  device_id: r.device_id,
  day_ms: r.at_ms,
  ...(JSON.parse(r.data) as Omit<DayRollup, 'device_id' | 'day_ms'>),
});
