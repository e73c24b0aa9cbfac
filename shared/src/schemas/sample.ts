import { type Static, Type } from '@sinclair/typebox';
import { Bytes, DeviceId, EpochMs, Nullable, Version } from './common.js';
import { Gpu } from './gpu.js';
import { Power } from './power.js';
import { RaspberryPi } from './raspberry-pi.js';
import { Workload } from './workload.js';

export const DiskUsage = Type.Object(
  {
    mount: Type.String({ minLength: 1, maxLength: 512 }),
    fs: Type.String({ maxLength: 512 }),
    size_bytes: Bytes,
    used_bytes: Bytes,
  },
  { additionalProperties: false },
);

export const NetInterfaceCounters = Type.Object(
  {
    iface: Type.String({ minLength: 1, maxLength: 64 }),
    rx_bytes_total: Bytes,
    tx_bytes_total: Bytes,
  },
  { additionalProperties: false },
);

/**
 * One reading of a device. Counters are cumulative since boot (`boot_id` tells boots apart), so a
 * lost or duplicated Sample never double-counts; rates are derived by the hub.
 */
export const Sample = Type.Object(
  {
    v: Version,
    device_id: DeviceId,
    seq: Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'per device, only grows',
    }),
    ts: EpochMs,
    boot_id: Type.String({ minLength: 1, maxLength: 64 }),
    uptime_s: Type.Number({ minimum: 0 }),
    cpu_load_pct: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
    load_avg_1m: Nullable(Type.Number({ minimum: 0 })),
    load_avg_5m: Nullable(Type.Number({ minimum: 0 })),
    load_avg_15m: Nullable(Type.Number({ minimum: 0 })),
    mem_total_bytes: Bytes,
    mem_used_bytes: Bytes,
    mem_available_bytes: Bytes,
    swap_total_bytes: Bytes,
    swap_used_bytes: Bytes,
    cpu_temp_c: Type.Optional(Nullable(Type.Number({ minimum: -100, maximum: 200 }))),
    disks: Type.Array(DiskUsage, { maxItems: 64 }),
    net: Type.Array(NetInterfaceCounters, { maxItems: 64 }),
    outbox_floor_seq: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        description:
          'oldest seq the agent still holds unacked; the hub acks only what it stores contiguously from here',
      }),
    ),
    outbox_pending: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    outbox_dropped_total: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    gpus: Type.Optional(Type.Array(Gpu, { maxItems: 64 })),
    workloads: Type.Optional(Type.Array(Workload, { maxItems: 32 })),
    pi: Type.Optional(RaspberryPi),
    power: Type.Optional(Power),
  },
  { additionalProperties: false },
);

export type Sample = Static<typeof Sample>;
export type DiskUsage = Static<typeof DiskUsage>;
export type NetInterfaceCounters = Static<typeof NetInterfaceCounters>;
