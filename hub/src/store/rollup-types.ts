import type { Sample } from '@nodetally/shared';
import type { EarningsHoursStore } from './earnings-hours.js';
import type { EarningsHour, HourEnergy } from './rollup-earnings.js';

/** One GPU over an hour (or a day): averages of what was measured, null when nothing was. */
export interface GpuRollup {
  index: number;
  util_pct_avg: number | null;
  temp_c_max: number | null;
  power_w_avg: number | null;
  mem_used_bytes_avg: number | null;
}

/** One energy-counter reading (a Sample's `power`), kept so earnings can use rollups as readings. */
export interface EnergyPoint {
  ts: number;
  energy_wh_total: number;
  epoch_id: string;
  watts: number | null;
}

/**
 * A device's telemetry over one UTC hour, computed from raw samples by `hub/src/rollups`. An hour
 * without samples but inside an online interval (agent down, machine up) has a row with samples = 0.
 */
export interface HourRollup {
  device_id: string;
  /** UTC hour start, epoch ms. */
  hour_ms: number;
  samples: number;
  /** Online and GPU-busy time inside the hour: the rules of earnings-service/telemetry.ts, cut at hour bounds. */
  up_ms: number;
  gpu_busy_ms: number;
  /** Counter growth within a boot, every interface but `lo`, on the hour of the later sample. */
  rx_bytes: number;
  tx_bytes: number;
  cpu_pct_avg: number | null;
  cpu_pct_max: number | null;
  mem_used_bytes_avg: number | null;
  mem_total_bytes: number | null;
  /** Hottest of cpu_temp_c and a Raspberry Pi's SoC temperature. */
  temp_c_max: number | null;
  power_w_avg: number | null;
  gpus: GpuRollup[];
  /** First and last power reading in the hour (earnings energy uses these as readings). */
  energy_first: EnergyPoint | null;
  energy_last: EnergyPoint | null;
  /** boot_id changes seen in the hour (reboots). */
  boots: number;
}

/** A UTC day, aggregated from its hour rows. */
export interface DayRollup extends Omit<HourRollup, 'hour_ms'> {
  day_ms: number;
}

/**
 * A (device, hour) whose raw samples changed since it was last rolled. The store marks it claimed when
 * the job reads it; a new sample in that hour un-claims it, so the job's write then keeps the mark.
 */
export interface DirtyHour {
  device_id: string;
  hour_ms: number;
}

/** Hours of one device that the job recomputed in full: rows it did not return there are removed. */
export interface RecomputedRange {
  device_id: string;
  from_ms: number;
  to_ms: number;
}

/** A device whose earnings hours before `before_ms` are still to be derived from its hour rows. */
export interface EarningsBackfill {
  device_id: string;
  before_ms: number;
}

/** Hour and day rollups, dirty hours, retention, and the earnings hours written beside hour rows. */
export interface RollupStore extends EarningsHoursStore {
  /** A device's hour rows with fromMs ≤ hour_ms < toMs, oldest first. */
  listHourRollups(deviceId: string, fromMs: number, toMs: number): Promise<HourRollup[]>;
  /** A device's day rows with fromMs ≤ day_ms < toMs, oldest first. */
  listDayRollups(deviceId: string, fromMs: number, toMs: number): Promise<DayRollup[]>;
  /** Many devices at once (earnings over a fleet): hour rows of every device in [from,to), grouped by device. */
  listHourRollupsForDevices(
    deviceIds: readonly string[] | null,
    fromMs: number,
    toMs: number,
  ): Promise<Map<string, HourRollup[]>>;
  /** Same for day rows: 24× fewer rows when UTC days are enough. */
  listDayRollupsForDevices(
    deviceIds: readonly string[] | null,
    fromMs: number,
    toMs: number,
  ): Promise<Map<string, DayRollup[]>>;
  /**
   * Dirty hours starting before `beforeMs` (default: all), by device then hour, at most `limit`;
   * marks them claimed.
   */
  rollupPending(limit: number, beforeMs?: number): Promise<DirtyHour[]>;
  /** The last sample with ts < fromMs and the first with ts ≥ toMs: the intervals across a range's bounds. */
  neighborSamples(
    deviceId: string,
    fromMs: number,
    toMs: number,
  ): Promise<{ before: Sample | null; after: Sample | null }>;
  /**
   * One transaction: deletes the hour rows and earnings hours of each recomputed `range`
   * [from_ms, to_ms), upserts `rows` and their earnings hours (activity from the row, energy from
   * `energy`; an hour of `energy` without a row is written too), recomputes their days, then clears
   * the `done` marks unless a sample re-dirtied them since `rollupPending` claimed them.
   */
  writeHourRollups(
    done: readonly DirtyHour[],
    rows: readonly HourRollup[],
    ranges?: readonly RecomputedRange[],
    energy?: readonly HourEnergy[],
  ): Promise<void>;
  /** Devices whose earnings hours before `before_ms` must still be derived from hour rows (migration). */
  earningsBackfillPending(limit: number): Promise<EarningsBackfill[]>;
  /**
   * One transaction: replaces the device's earnings hours in [fromMs, before_ms) with `hours` and
   * removes its backfill mark.
   */
  writeEarningsBackfill(
    mark: EarningsBackfill,
    fromMs: number,
    hours: readonly EarningsHour[],
  ): Promise<void>;
  /** Deletes at most `limit` raw samples with ts < cutoffMs, only in hours already rolled (not dirty). */
  deleteRawSamplesBefore(cutoffMs: number, limit: number): Promise<number>;
  /** Deletes hour rows before cutoffMs, and earnings-hour spans that end at or before it. */
  deleteHourRollupsBefore(cutoffMs: number): Promise<number>;
  /** SQLite: folds the WAL back into the database file so it stays bounded; PostgreSQL: nothing. */
  checkpointWal(): Promise<void>;
}
