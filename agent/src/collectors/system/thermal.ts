import { readdir, readFile } from 'node:fs/promises';

/** Hottest of the kernel's thermal zones in °C (millidegrees in sysfs); null where none is exposed. */
export async function readMaxThermalZoneC(root = '/sys/class/thermal'): Promise<number | null> {
  let zones: string[];
  try {
    zones = (await readdir(root)).filter((name) => name.startsWith('thermal_zone'));
  } catch {
    return null;
  }
  let max: number | null = null;
  for (const zone of zones) {
    try {
      const milli = Number((await readFile(`${root}/${zone}/temp`, 'utf8')).trim());
      // Disconnected sensors report absurd values (e.g. -273000); keep readings within the schema's range.
      if (Number.isFinite(milli) && milli > -100_000 && milli < 200_000) {
        max = max === null ? milli / 1000 : Math.max(max, milli / 1000);
      }
    } catch {
      // A zone that cannot be read (permissions, driver) is skipped.
    }
  }
  return max;
}
