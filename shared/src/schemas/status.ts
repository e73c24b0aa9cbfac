import { type Static, Type } from '@sinclair/typebox';
import { EpochMs, Version } from './common.js';

/** Retained on `status`; the agent's Last Will carries `offline`. */
export const Status = Type.Object(
  {
    v: Version,
    state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
    ts: Type.Optional(EpochMs),
  },
  { additionalProperties: false },
);

export type Status = Static<typeof Status>;
