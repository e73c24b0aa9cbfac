import { type Static, Type } from '@sinclair/typebox';
import type { RuleDefinition } from '../types.js';
import { common, commonFields, hours, minutes } from './common.js';

const defaults = { ...common('warning', 0, hours(6)), windowMinutes: 60 };

export const OutboxDroppingConfig = Type.Object(
  {
    ...commonFields(defaults),
    windowMinutes: Type.Integer({ minimum: 1, default: defaults.windowMinutes }),
  },
  { default: {}, additionalProperties: false },
);
export type OutboxDroppingConfig = Static<typeof OutboxDroppingConfig>;

/**
 * The agent's bounded outbox dropped samples: `outbox_dropped_total` grew between consecutive
 * samples inside the window (a lower value is a reset of the agent's state, not a drop). An event.
 */
export const outboxDropping: RuleDefinition<OutboxDroppingConfig> = {
  kind: 'outbox-dropping',
  title: 'Agent outbox dropping samples',
  type: 'event',
  schema: OutboxDroppingConfig,
  defaults,
  evaluate(device, config, { now }) {
    const since = now - minutes(config.windowMinutes);
    let dropped = 0;
    for (let i = 1; i < device.recent.length; i++) {
      const a = device.recent[i - 1]?.outbox_dropped_total;
      const b = device.recent[i];
      if (a === undefined || b?.outbox_dropped_total === undefined || b.ts < since) continue;
      if (b.outbox_dropped_total > a) dropped += b.outbox_dropped_total - a;
    }
    if (dropped === 0) return [];
    return [
      {
        rule: 'outbox-dropping',
        device_id: device.device_id,
        severity: config.severity,
        summary: `agent outbox dropped ${dropped} sample${dropped === 1 ? '' : 's'} in the last ${config.windowMinutes} min (its disk buffer is full: the hub was unreachable too long)`,
      },
    ];
  },
};
