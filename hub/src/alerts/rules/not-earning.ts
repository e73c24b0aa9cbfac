import { type Static, Type } from '@sinclair/typebox';
import type { RuleDefinition } from '../types.js';
import { common, commonFields, hours } from './common.js';

const defaults = common('warning', 0, hours(24));

export const NotEarningConfig = Type.Object(commonFields(defaults), {
  default: {},
  additionalProperties: false,
});
export type NotEarningConfig = Static<typeof NotEarningConfig>;

/**
 * Healthy but not earning: the device was online and busy on the day, yet a token's reward fell
 * under half its baseline. The test itself is earnings/flags.ts `reconcile()`; this rule turns its
 * `healthy-but-not-earning` flags into one condition per token.
 */
export const notEarning: RuleDefinition<NotEarningConfig> = {
  kind: 'not-earning',
  title: 'Healthy but not earning',
  type: 'state',
  schema: NotEarningConfig,
  defaults,
  evaluate(device, config) {
    const e = device.earnings;
    if (!e) return null;
    return e.flags.flatMap((f) =>
      f.kind === 'healthy-but-not-earning' && f.day === e.day
        ? [
            {
              rule: 'not-earning',
              device_id: device.device_id,
              subject: f.token,
              severity: config.severity,
              summary: `online and busy on ${f.day} but earned ${f.amount} ${f.token} base units, under half its 28-day median of ${f.baseline}`,
            },
          ]
        : [],
    );
  },
};
