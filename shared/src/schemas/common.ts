import { type TSchema, Type } from '@sinclair/typebox';

export const SCHEMA_VERSION = 1;

/** Same rule as `isValidDeviceId` in topics.ts, expressed for JSON Schema. */
export const DEVICE_ID_REGEX = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

/** 2020-01-01T00:00:00Z: nothing nodetally stores predates it; earlier means a device clock at epoch. */
export const EARLIEST_TS_MS = 1_577_836_800_000;

export const DeviceId = Type.String({ pattern: DEVICE_ID_REGEX, description: 'device id, one topic level' });
export const EpochMs = Type.Integer({
  minimum: EARLIEST_TS_MS,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'UTC epoch milliseconds',
});
/** Byte counts and counters: integers that stay exact in a JS number. TypeBox rejects NaN and Infinity. */
export const Bytes = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const Version = Type.Literal(SCHEMA_VERSION);

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
