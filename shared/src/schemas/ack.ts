import { type Static, Type } from '@sinclair/typebox';
import { Version } from './common.js';

/** Published by the hub after it committed every Sample of the device with seq ≤ up_to_seq. */
export const Ack = Type.Object(
  {
    v: Version,
    up_to_seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  },
  { additionalProperties: false },
);

export type Ack = Static<typeof Ack>;
