import { Type } from '@sinclair/typebox';

/** Rollup and retention settings of the hub config (hub/src/config.ts spreads them in). */
export const rollupSettings = {
  rollupIntervalS: Type.Number({
    default: 60,
    minimum: 1,
    description: 'seconds between two runs of the rollup job (hourly and daily telemetry rollups, retention)',
  }),
  rollupBatchHours: Type.Integer({
    default: 2000,
    minimum: 1,
    description:
      'dirty (device, hour) pairs the rollup job reads per batch; it repeats batches until caught up',
  }),
  rawRetentionDays: Type.Number({
    default: 7,
    minimum: 0,
    description:
      'raw samples older than this many days are deleted once their hour is rolled up; 0 keeps them forever',
  }),
  hourlyRetentionDays: Type.Number({
    default: 400,
    minimum: 0,
    description:
      'hourly rollups older than this many days are deleted (daily rollups are kept forever); 0 keeps them',
  }),
  retentionDeleteBatch: Type.Integer({
    default: 100_000,
    minimum: 1,
    description:
      'raw samples deleted at most per run of the rollup job (bounds the time one run holds the database)',
  }),
};

export interface RollupJobSettings {
  rollupIntervalS: number;
  rollupBatchHours: number;
  rawRetentionDays: number;
  hourlyRetentionDays: number;
  retentionDeleteBatch: number;
}

export const ROLLUP_DEFAULTS: RollupJobSettings = {
  rollupIntervalS: 60,
  rollupBatchHours: 2000,
  rawRetentionDays: 7,
  hourlyRetentionDays: 400,
  retentionDeleteBatch: 100_000,
};
