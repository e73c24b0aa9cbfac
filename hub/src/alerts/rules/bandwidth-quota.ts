import { type Static, Type } from '@sinclair/typebox';
import type { Condition, RuleDefinition } from '../types.js';
import { common, commonFields, formatBytes } from './common.js';

const defaults = {
  ...common('warning', 0, 0),
  quotaBytes: null as number | null,
  perDevice: {} as Record<string, number>,
  levelsPct: [80, 90, 100],
};

const Bytes = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const BandwidthQuotaConfig = Type.Object(
  {
    ...commonFields(defaults),
    quotaBytes: Type.Union([Bytes, Type.Null()], {
      default: null,
      description: 'monthly quota of the metered interface (rx + tx) for every device; null: none',
    }),
    perDevice: Type.Record(Type.String(), Bytes, { default: {}, description: 'quota by device id' }),
    levelsPct: Type.Array(Type.Number({ minimum: 1, maximum: 1000 }), {
      default: defaults.levelsPct,
      minItems: 1,
    }),
  },
  { default: {}, additionalProperties: false },
);
export type BandwidthQuotaConfig = Static<typeof BandwidthQuotaConfig>;

/**
 * Monthly bandwidth quota: bytes on the metered interface this month against the device's quota.
 * One condition per level reached (subject `80%`, `90%`, `100%`), so each level messages once a
 * month; all resolve when the month rolls over. No quota configured → nothing.
 */
export const bandwidthQuota: RuleDefinition<BandwidthQuotaConfig> = {
  kind: 'bandwidth-quota',
  title: 'Monthly bandwidth quota at 80/90/100%',
  type: 'state',
  schema: BandwidthQuotaConfig,
  defaults,
  evaluate(device, config) {
    const quota = config.perDevice[device.device_id] ?? config.quotaBytes;
    if (quota === null || quota === undefined) return [];
    const m = device.metered_month;
    if (!m) return null;
    const pct = (m.bytes / quota) * 100;
    const out: Condition[] = [];
    for (const level of [...config.levelsPct].sort((a, b) => a - b)) {
      if (pct < level) continue;
      out.push({
        rule: 'bandwidth-quota',
        device_id: device.device_id,
        subject: `${level}%`,
        severity: level >= 100 ? 'critical' : config.severity,
        summary: `${m.iface} used ${formatBytes(m.bytes)} of ${formatBytes(quota)} in ${m.month} (${pct.toFixed(1)}%, level ${level}%)`,
      });
    }
    return out;
  },
};
