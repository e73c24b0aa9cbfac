import { type Static, Type } from '@sinclair/typebox';
import { Bytes, Nullable } from './common.js';

const Pct = Nullable(Type.Number({ minimum: 0, maximum: 100 }));
const Mhz = Nullable(Type.Integer({ minimum: 0, maximum: 100_000 }));
const Watts = Nullable(Type.Number({ minimum: 0, maximum: 100_000 }));

/**
 * One GPU as its vendor tool reports it. Every reading the tool marks as unavailable (`[N/A]`,
 * `[Not Supported]`, …) is null, never 0, so the hub can tell "idle" from "not measured".
 */
export const Gpu = Type.Object(
  {
    vendor: Type.Union([Type.Literal('nvidia'), Type.Literal('amd')]),
    index: Type.Integer({ minimum: 0, maximum: 1023, description: 'the tool’s own enumeration order' }),
    uuid: Nullable(Type.String({ minLength: 1, maxLength: 128, description: 'stable id across reboots' })),
    name: Nullable(Type.String({ minLength: 1, maxLength: 256 })),
    util_gpu_pct: Pct,
    util_mem_pct: Pct,
    mem_used_bytes: Nullable(Bytes),
    mem_total_bytes: Nullable(Bytes),
    temp_c: Nullable(Type.Number({ minimum: -100, maximum: 200 })),
    power_draw_w: Watts,
    power_limit_w: Watts,
    fan_pct: Pct,
    pstate: Nullable(Type.String({ pattern: '^P[0-9]{1,2}$' })),
    clock_sm_mhz: Mhz,
    clock_mem_mhz: Mhz,
    mig_mode: Nullable(
      Type.Boolean({ description: 'NVIDIA Multi-Instance GPU mode; null where the GPU has none' }),
    ),
  },
  { additionalProperties: false },
);

export type Gpu = Static<typeof Gpu>;
