import { type Static, Type } from '@sinclair/typebox';
import { type Decomposition, describe } from '../../earnings/decompose.js';
import type { RuleDefinition } from '../types.js';
import { common, commonFields, formatMicros, hours } from './common.js';

const defaults = { ...common('warning', 0, hours(24)), dropPct: 30 };

export const EarningsDropConfig = Type.Object(
  {
    ...commonFields(defaults),
    dropPct: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      default: defaults.dropPct,
      description: 'alert when net $/day falls this many percent below the 28-day median',
    }),
  },
  { default: {}, additionalProperties: false },
);
export type EarningsDropConfig = Static<typeof EarningsDropConfig>;

/** "price −22.0%, uptime −16.0%": the effects of `describe()` without its headline total. */
export function causeOf(d: Decomposition | null): string | null {
  if (!d) return null;
  const text = describe(d);
  const colon = text.indexOf(': ');
  const parts = colon < 0 ? '' : text.slice(colon + 2);
  return parts.length > 0 ? parts : null;
}

/** Percent change in basis points, exact integers: (recent − base) × 10 000 ÷ |base|, truncated. */
const changeBp = (recent: bigint, base: bigint) => ((recent - base) * 10_000n) / (base < 0n ? -base : base);

/**
 * Net earnings of the last complete day ≥ `dropPct` below the device's own baseline (the median of
 * the prior 28 days), with the cause from the earnings decomposition: "−38.0%: price −22.0%,
 * uptime −16.0% …". The effects are percent of the decomposition's own baseline (the 28-day mean),
 * as `describe()` prints them. A baseline ≤ 0 has nothing to drop from.
 */
export const earningsDrop: RuleDefinition<EarningsDropConfig> = {
  kind: 'earnings-drop',
  title: 'Earnings drop ≥ X% against the device’s own 28-day median, with the cause',
  type: 'state',
  schema: EarningsDropConfig,
  defaults,
  evaluate(device, config) {
    const e = device.earnings;
    if (!e) return null;
    const base = e.baseline_median_micros_per_day;
    if (base <= 0n) return [];
    const bp = changeBp(e.recent_micros_per_day, base);
    if (bp > -BigInt(Math.round(config.dropPct * 100))) return [];
    const a = -bp;
    const pct = `−${a / 100n}.${(a % 100n) / 10n}%`;
    const cause = causeOf(e.decomposition);
    const figures = `net ${formatMicros(e.recent_micros_per_day)}/day on ${e.day} vs 28-day median ${formatMicros(base)}/day`;
    return [
      {
        rule: 'earnings-drop',
        device_id: device.device_id,
        severity: config.severity,
        summary: `${pct}: ${cause ?? 'cause unknown (no decomposition)'} (${figures})`,
      },
    ];
  },
};
