import { type Static, Type } from '@sinclair/typebox';
import type { RuleDefinition } from '../types.js';
import { common, commonFields, formatUtc, hours, minutes } from './common.js';

const defaults = { ...common('info', 0, hours(1)), windowMinutes: 30 };

export const RebootConfig = Type.Object(
  {
    ...commonFields(defaults),
    windowMinutes: Type.Integer({
      minimum: 1,
      default: defaults.windowMinutes,
      description: 'a boot_id change this recent counts as a reboot (keep it within the lookback)',
    }),
  },
  { default: {}, additionalProperties: false },
);
export type RebootConfig = Static<typeof RebootConfig>;

/**
 * Reboot detected: the `boot_id` of consecutive samples changed within the window. An event: it
 * fires once and clears silently when the change leaves the window; reboot loops stay one alert.
 */
export const reboot: RuleDefinition<RebootConfig> = {
  kind: 'reboot',
  title: 'Reboot detected (boot_id changed)',
  type: 'event',
  schema: RebootConfig,
  defaults,
  evaluate(device, config, { now }) {
    const since = now - minutes(config.windowMinutes);
    const boots: number[] = [];
    for (let i = 1; i < device.recent.length; i++) {
      const a = device.recent[i - 1];
      const b = device.recent[i];
      if (a && b && b.ts >= since && a.boot_id !== b.boot_id) boots.push(b.ts - b.uptime_s * 1000);
    }
    const last = boots.at(-1);
    if (last === undefined) return [];
    const times = boots.length > 1 ? `${boots.length} reboots, last at` : 'rebooted at';
    return [
      {
        rule: 'reboot',
        device_id: device.device_id,
        severity: config.severity,
        summary: `${times} ${formatUtc(last)}`,
      },
    ];
  },
};
