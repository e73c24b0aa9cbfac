import { type Static, Type } from '@sinclair/typebox';
import type { Condition, RuleDefinition } from '../types.js';
import { common, commonFields, freshLatest, hours, minutes } from './common.js';

const defaults = { ...common('warning', minutes(5), hours(2)), cpuMaxC: 85, gpuMaxC: 85 };

export const TemperatureConfig = Type.Object(
  {
    ...commonFields(defaults),
    cpuMaxC: Type.Number({
      default: defaults.cpuMaxC,
      description: 'CPU / SoC °C (cpu_temp_c, or the Pi’s soc_temp_c)',
    }),
    gpuMaxC: Type.Number({ default: defaults.gpuMaxC, description: 'GPU °C, each GPU on its own' }),
  },
  { default: {}, additionalProperties: false },
);
export type TemperatureConfig = Static<typeof TemperatureConfig>;

/** Temperature above the limit in the latest fresh sample: subject `cpu` or `gpu<index>`. */
export const temperature: RuleDefinition<TemperatureConfig> = {
  kind: 'temperature',
  title: 'Temperature above X °C (CPU or GPU)',
  type: 'state',
  schema: TemperatureConfig,
  defaults,
  evaluate(device, config, { now }) {
    const s = freshLatest(device, now);
    if (!s) return null;
    const out: Condition[] = [];
    const base = { rule: 'temperature', device_id: device.device_id, severity: config.severity };
    const cpu = s.cpu_temp_c ?? s.pi?.soc_temp_c ?? null;
    if (cpu !== null && cpu > config.cpuMaxC) {
      out.push({
        ...base,
        subject: 'cpu',
        summary: `CPU at ${cpu.toFixed(1)} °C (limit ${config.cpuMaxC} °C)`,
      });
    }
    for (const g of s.gpus ?? []) {
      if (g.temp_c === null || g.temp_c <= config.gpuMaxC) continue;
      const name = g.name ? ` (${g.name})` : '';
      out.push({
        ...base,
        subject: `gpu${g.index}`,
        summary: `GPU ${g.index}${name} at ${g.temp_c.toFixed(1)} °C (limit ${config.gpuMaxC} °C)`,
      });
    }
    return out;
  },
};
