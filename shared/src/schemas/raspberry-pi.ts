import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

const Flag = Nullable(Type.Boolean());

/**
 * Raspberry Pi health. The flags decode `vcgencmd get_throttled` (bits 0–3 now, 16–19 since boot);
 * they are null where vcgencmd is missing or failed.
 */
export const RaspberryPi = Type.Object(
  {
    model: Type.String({ maxLength: 256 }),
    soc_temp_c: Nullable(Type.Number({ minimum: -100, maximum: 200 })),
    throttled_raw: Nullable(Type.Integer({ minimum: 0, maximum: 0xffffffff })),
    under_voltage_now: Flag,
    freq_capped_now: Flag,
    throttled_now: Flag,
    soft_temp_limit_now: Flag,
    under_voltage_since_boot: Flag,
    freq_capped_since_boot: Flag,
    throttled_since_boot: Flag,
    soft_temp_limit_since_boot: Flag,
  },
  { additionalProperties: false },
);

export type RaspberryPi = Static<typeof RaspberryPi>;
