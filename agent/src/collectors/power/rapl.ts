import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One CPU package's RAPL energy counter. */
export interface RaplZone {
  zone: string;
  energyUj: number;
  /** The counter wraps to 0 after this; null where the file cannot be read. */
  maxRangeUj: number | null;
}

export type RaplRead =
  | { status: 'absent' }
  | { status: 'unreadable'; reason: string }
  | { status: 'ok'; zones: RaplZone[] };

async function readNumber(path: string): Promise<number> {
  const value = Number((await readFile(path, 'utf8')).trim());
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${path} is not a counter`);
  return value;
}

/**
 * Reads the package zones under the powercap root (`intel-rapl:0`, `intel-rapl:1`, … named
 * `package-N`; AMD Zen exposes the same). Sub-zones (core, uncore, dram) are parts of a package, and
 * `psys` covers the whole platform, so counting either beside the packages would count twice.
 * `energy_uj` is root-only on kernels patched for CVE-2020-8694: then the result is `unreadable`.
 */
export async function readRapl(root: string): Promise<RaplRead> {
  let entries: string[];
  try {
    entries = (await readdir(root)).filter((name) => /^intel-rapl:\d+$/.test(name)).sort();
  } catch {
    return { status: 'absent' };
  }
  const zones: RaplZone[] = [];
  for (const zone of entries) {
    const name = await readFile(join(root, zone, 'name'), 'utf8').catch(() => '');
    if (!name.trim().startsWith('package-')) continue;
    let energyUj: number;
    try {
      energyUj = await readNumber(join(root, zone, 'energy_uj'));
    } catch (error) {
      return { status: 'unreadable', reason: (error as Error).message };
    }
    const maxRangeUj = await readNumber(join(root, zone, 'max_energy_range_uj')).catch(() => null);
    zones.push({ zone, energyUj, maxRangeUj });
  }
  return zones.length === 0 ? { status: 'absent' } : { status: 'ok', zones };
}

/** Average package watts between two readings `seconds` apart; null when a zone changed or cannot be unwrapped. */
export function raplWatts(previous: RaplZone[], current: RaplZone[], seconds: number): number | null {
  if (!(seconds > 0) || previous.length !== current.length) return null;
  let microjoules = 0;
  for (const now of current) {
    const before = previous.find((zone) => zone.zone === now.zone);
    if (!before) return null;
    let delta = now.energyUj - before.energyUj;
    if (delta < 0) {
      // The counter wrapped past max_energy_range_uj back to 0.
      if (now.maxRangeUj === null) return null;
      delta += now.maxRangeUj;
      if (delta < 0) return null;
    }
    microjoules += delta;
  }
  return microjoules / 1e6 / seconds;
}
