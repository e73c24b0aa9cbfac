import { type Static, Type } from '@sinclair/typebox';
import type { RuleDefinition } from '../types.js';
import { common, commonFields, freshLatest, hours } from './common.js';

const defaults = { ...common('warning', 0, hours(6)), sinceBoot: true };

export const PiPowerConfig = Type.Object(
  {
    ...commonFields(defaults),
    sinceBoot: Type.Boolean({
      default: defaults.sinceBoot,
      description: 'also alert on under-voltage seen since boot (a brown-out between two samples)',
    }),
  },
  { default: {}, additionalProperties: false },
);
export type PiPowerConfig = Static<typeof PiPowerConfig>;

/**
 * Raspberry Pi under-voltage or throttling, from the sample's decoded `vcgencmd get_throttled`
 * flags. Null flags (vcgencmd missing) are no evidence; a device without `pi` is not a Pi.
 */
export const piPower: RuleDefinition<PiPowerConfig> = {
  kind: 'pi-power',
  title: 'Raspberry Pi under-voltage or throttling',
  type: 'state',
  schema: PiPowerConfig,
  defaults,
  evaluate(device, config, { now }) {
    const s = freshLatest(device, now);
    if (!s) return null;
    const pi = s.pi;
    if (!pi) return [];
    if (pi.throttled_raw === null) return null;
    const now_: string[] = [];
    if (pi.under_voltage_now) now_.push('under-voltage');
    if (pi.throttled_now) now_.push('throttled');
    if (pi.freq_capped_now) now_.push('frequency capped');
    if (pi.soft_temp_limit_now) now_.push('soft temperature limit');
    const boot = config.sinceBoot && pi.under_voltage_since_boot === true && !pi.under_voltage_now;
    if (now_.length === 0 && !boot) return [];
    const parts: string[] = [];
    if (now_.length > 0) parts.push(`now: ${now_.join(', ')}`);
    if (boot) parts.push('under-voltage occurred since boot');
    const hint = pi.under_voltage_now || boot ? ' (check the power supply and cable)' : '';
    return [
      {
        rule: 'pi-power',
        device_id: device.device_id,
        severity: config.severity,
        summary: `${pi.model}: ${parts.join('; ')}${hint} [get_throttled=0x${pi.throttled_raw.toString(16)}]`,
      },
    ];
  },
};
