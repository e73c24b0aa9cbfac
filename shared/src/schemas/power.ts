import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

export const PowerPart = Type.Object(
  {
    source: Type.Union([Type.Literal('gpu'), Type.Literal('rapl'), Type.Literal('configured')]),
    watts: Nullable(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    measured: Type.Boolean({
      description: 'false for a configured estimate or a source that could not be read',
    }),
  },
  { additionalProperties: false },
);

/**
 * Device power. `energy_wh_total` is cumulative since `energy_epoch_id` began (the agent's start);
 * a new epoch id is a counter reset, exactly as a new `boot_id` is for the other counters.
 */
export const Power = Type.Object(
  {
    watts: Nullable(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    energy_wh_total: Type.Number({ minimum: 0 }),
    energy_epoch_id: Type.String({ minLength: 1, maxLength: 64 }),
    parts: Type.Array(PowerPart, { maxItems: 8 }),
  },
  { additionalProperties: false },
);

export type Power = Static<typeof Power>;
export type PowerPart = Static<typeof PowerPart>;
