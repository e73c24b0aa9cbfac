import { type Static, Type } from '@sinclair/typebox';
import type { RuleDefinition } from '../types.js';
import { common, commonFields, hours, minutes } from './common.js';

const defaults = { ...common('warning', 0, hours(6)), belowPct: 10, forMinutes: 30 };

export const GpuIdleConfig = Type.Object(
  {
    ...commonFields(defaults),
    belowPct: Type.Number({ minimum: 0, maximum: 100, default: defaults.belowPct }),
    forMinutes: Type.Integer({
      minimum: 1,
      default: defaults.forMinutes,
      description: 'every sample of this many minutes must be below (keep it within the lookback)',
    }),
  },
  { default: {}, additionalProperties: false },
);
export type GpuIdleConfig = Static<typeof GpuIdleConfig>;

/**
 * GPU utilization below `belowPct` in every sample of the last `forMinutes`, on a device where a
 * GPU workload is expected. The samples must cover the window (first one at most 2 intervals after
 * its start); unmeasured readings (null) are no evidence either way. No data → no verdict.
 */
export const gpuIdle: RuleDefinition<GpuIdleConfig> = {
  kind: 'gpu-idle',
  title: 'GPU utilization below X% for N minutes where a GPU workload is expected',
  type: 'state',
  schema: GpuIdleConfig,
  defaults,
  evaluate(device, config, { now }) {
    if (!device.gpu_workload_expected) return [];
    const from = now - minutes(config.forMinutes);
    const window = device.recent.filter((s) => s.ts >= from);
    const intervalMs = (device.meta?.interval_s ?? 60) * 1000;
    const first = window[0];
    const last = window.at(-1);
    if (!first || !last || first.ts - from > 2 * intervalMs || now - last.ts > 3 * intervalMs) return null;
    const idle = new Map<number, { name: string; max: number }>();
    const busy = new Set<number>();
    for (const s of window) {
      for (const g of s.gpus ?? []) {
        if (g.util_gpu_pct === null) continue;
        if (g.util_gpu_pct >= config.belowPct) busy.add(g.index);
        const seen = idle.get(g.index);
        idle.set(g.index, {
          name: g.name ?? `${g.vendor} GPU`,
          max: Math.max(seen?.max ?? 0, g.util_gpu_pct),
        });
      }
    }
    const parts = [...idle]
      .filter(([index]) => !busy.has(index))
      .sort(([a], [b]) => a - b)
      .map(([index, g]) => `GPU ${index} (${g.name}) at most ${g.max}%`);
    if (parts.length === 0) return idle.size === 0 ? null : [];
    return [
      {
        rule: 'gpu-idle',
        device_id: device.device_id,
        severity: config.severity,
        summary: `${parts.join(', ')} for ${config.forMinutes} min, below ${config.belowPct}% while a GPU workload is expected`,
      },
    ];
  },
};
