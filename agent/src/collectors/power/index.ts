import { randomUUID } from 'node:crypto';
import type { Gpu, PowerPart } from '@nodetally/shared';
import type { Collector, SampleFields } from '../types.js';
import { type RaplZone, raplWatts, readRapl } from './rapl.js';

export interface PowerOptions {
  /** Watts always added for what cannot be measured (board, fans, a hotspot beside a Pi). */
  baseW: number;
  /** Normally /sys/class/powercap; tests point it at a fake tree. */
  powercapRoot: string;
  /** Sample interval; a gap longer than three intervals (at least a minute) is not integrated. */
  intervalS: number;
  now?: () => number;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** GPU draw of this sample; null when no GPU collector ran. `measured` only when every GPU had a reading. */
export function gpuPart(gpus: Gpu[] | undefined): PowerPart | null {
  if (gpus === undefined) return null;
  const draws = gpus.map((gpu) => gpu.power_draw_w).filter((watts): watts is number => watts !== null);
  return {
    source: 'gpu',
    watts:
      draws.length === 0
        ? null
        : round(
            draws.reduce((a, b) => a + b, 0),
            2,
          ),
    measured: gpus.length > 0 && draws.length === gpus.length,
  };
}

/**
 * Device watts from the GPU collectors' readings of the same sample (hence `derive`), CPU package
 * power from RAPL, and a configured base load; energy integrated over time since the agent started.
 */
export function createPowerCollector(options: PowerOptions): Collector {
  const now = options.now ?? Date.now;
  const epochId = randomUUID();
  const maxGapMs = Math.max(60, 3 * options.intervalS) * 1000;
  let energyWh = 0;
  let lastTotalAt: number | null = null;
  let lastRapl: { at: number; zones: RaplZone[] } | null = null;

  async function raplPart(at: number): Promise<PowerPart | null> {
    const read = await readRapl(options.powercapRoot);
    if (read.status === 'absent') return null;
    if (read.status === 'unreadable') return { source: 'rapl', watts: null, measured: false };
    const previous = lastRapl;
    lastRapl = { at, zones: read.zones };
    const watts = previous ? raplWatts(previous.zones, read.zones, (at - previous.at) / 1000) : null;
    return { source: 'rapl', watts: watts === null ? null : round(watts, 2), measured: watts !== null };
  }

  return {
    id: 'power',
    async probe() {
      // The first RAPL reading, so the first sample already has a difference.
      await raplPart(now());
      return { ok: true };
    },
    async collect() {
      return {};
    },
    async derive(fields: Partial<SampleFields>): Promise<Partial<SampleFields>> {
      const at = now();
      const configured: PowerPart | null =
        options.baseW > 0 ? { source: 'configured', watts: options.baseW, measured: false } : null;
      const parts = [gpuPart(fields.gpus), await raplPart(at), configured].filter(
        (part): part is PowerPart => part !== null,
      );
      const known = parts.flatMap((part) => (part.watts === null ? [] : [part.watts]));
      const watts =
        known.length === 0
          ? null
          : round(
              known.reduce((a, b) => a + b, 0),
              2,
            );
      if (watts !== null && lastTotalAt !== null && at > lastTotalAt && at - lastTotalAt <= maxGapMs) {
        energyWh += (watts * (at - lastTotalAt)) / 3_600_000;
      }
      lastTotalAt = at;
      return {
        power: { watts, energy_wh_total: round(energyWh, 6), energy_epoch_id: epochId, parts },
      };
    },
  };
}
