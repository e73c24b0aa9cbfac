import { type Static, Type } from '@sinclair/typebox';
import type { RuleDefinition } from '../types.js';
import { common, commonFields, formatDuration, formatUtc, hours } from './common.js';

const defaults = { ...common('critical', 0, hours(1)), afterMinutes: 10 };

export const OfflineConfig = Type.Object(
  {
    ...commonFields(defaults),
    afterMinutes: Type.Number({
      exclusiveMinimum: 0,
      default: defaults.afterMinutes,
      description: 'minutes since the last sample before an offline device alerts',
    }),
  },
  { default: {}, additionalProperties: false },
);
export type OfflineConfig = Static<typeof OfflineConfig>;

/**
 * Offline longer than `afterMinutes`, counted from the last sample (so a hub restart does not
 * restart the clock). Offline is the hub's own verdict (`deviceState`: Last Will or k missed
 * intervals); a device never seen is not alerted on.
 */
export const offline: RuleDefinition<OfflineConfig> = {
  kind: 'offline',
  title: 'Device offline longer than N minutes',
  type: 'state',
  schema: OfflineConfig,
  defaults,
  evaluate(device, config, { now }) {
    if (device.last_seen_ms === null) return [];
    const silentMs = now - device.last_seen_ms;
    if (device.state !== 'offline' || silentMs < config.afterMinutes * 60_000) return [];
    return [
      {
        rule: 'offline',
        device_id: device.device_id,
        severity: config.severity,
        summary: `offline for ${formatDuration(silentMs)} (last sample ${formatUtc(device.last_seen_ms)})`,
      },
    ];
  },
};
