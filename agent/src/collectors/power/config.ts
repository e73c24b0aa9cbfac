import { Type } from '@sinclair/typebox';

/** Agent config keys of the power collector; spread into AgentConfigSchema. */
export const PowerConfigProperties = {
  powerBaseW: Type.Number({
    default: 0,
    minimum: 0,
    maximum: 100_000,
    description:
      'watts added to every power reading for what is not measured (e.g. ~5 for a Pi 4 with a hotspot)',
  }),
  powercapRoot: Type.String({
    default: '/sys/class/powercap',
    minLength: 1,
    description: 'where the kernel exposes RAPL energy counters (CPU package power)',
  }),
};
