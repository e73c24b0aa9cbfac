import { type Static, Type } from '@sinclair/typebox';
import { Bytes, DeviceId, EpochMs, Version } from './common.js';

const Text = Type.String({ maxLength: 256 });

/** Static inventory of a device, published at agent start and hourly — not in every Sample. */
export const Meta = Type.Object(
  {
    v: Version,
    device_id: DeviceId,
    ts: EpochMs,
    hostname: Text,
    os: Text,
    kernel: Text,
    arch: Text,
    cpu_model: Text,
    cpu_cores: Type.Integer({ minimum: 0, maximum: 100_000 }),
    mem_total_bytes: Bytes,
    agent_version: Text,
    interval_s: Type.Integer({ minimum: 1, maximum: 86_400 }),
  },
  { additionalProperties: false },
);

export type Meta = Static<typeof Meta>;
