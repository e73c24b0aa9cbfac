import { type Static, Type } from '@sinclair/typebox';
import { Bytes, DeviceId, EpochMs, Nullable, Version } from './common.js';
import { Gpu } from './gpu.js';

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
    /** The GPUs the last sample saw: inventory, so the hub need not dig it out of samples. */
    gpus: Type.Optional(
      Type.Array(
        Type.Object(
          {
            vendor: Gpu.properties.vendor,
            uuid: Gpu.properties.uuid,
            name: Gpu.properties.name,
            mem_total_bytes: Gpu.properties.mem_total_bytes,
          },
          { additionalProperties: false },
        ),
        { maxItems: 64 },
      ),
    ),
    /** The interface whose traffic the operator pays for or has a quota on; the hub totals it per month. */
    metered_iface: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
  },
  { additionalProperties: false },
);

export type Meta = Static<typeof Meta>;
