import type { Sample } from '@nodetally/shared';
import type { DeviceActivity } from '../earnings/attribution.js';
import { type Calendar, dayIndexOf } from '../earnings/calendar.js';
import type { EnergyReading } from '../earnings/energy.js';

/** The energy-counter readings of a device's samples (those that carry `power`), oldest first. */
export function energyReadings(samples: readonly Sample[]): EnergyReading[] {
  const out: EnergyReading[] = [];
  for (const s of samples) {
    if (!s.power) continue;
    out.push({
      ts: s.ts,
      energyWhTotal: s.power.energy_wh_total,
      epochId: s.power.energy_epoch_id,
      watts: s.power.watts,
    });
  }
  return out;
}

/** Share of a boot's elapsed time its uptime counter must show for the interval to count in full. */
const UPTIME_COVERAGE = 0.9;

export interface DayAcc {
  upMs: number;
  busyMs: number;
  bytes: number;
}

const meanGpuUtil = (s: Sample): number => {
  const utils = (s.gpus ?? []).map((g) => g.util_gpu_pct).filter((u): u is number => u !== null);
  return utils.length === 0 ? 0 : utils.reduce((a, b) => a + b, 0) / utils.length;
};

function netBytes(a: Sample, b: Sample): number {
  let total = 0;
  for (const n of b.net) {
    if (n.iface === 'lo') continue;
    const prev = a.net.find((x) => x.iface === n.iface);
    if (!prev) continue;
    total +=
      Math.max(0, n.rx_bytes_total - prev.rx_bytes_total) +
      Math.max(0, n.tx_bytes_total - prev.tx_bytes_total);
  }
  return total;
}

/** Per-day sums under construction, by calendar day index; rounded once by `finishActivity`. */
export type ActivityAcc = Map<number, DayAcc>;

export function dayAcc(acc: ActivityAcc, i: number): DayAcc {
  let d = acc.get(i);
  if (!d) {
    d = { upMs: 0, busyMs: 0, bytes: 0 };
    acc.set(i, d);
  }
  return d;
}

/**
 * Adds raw samples' activity from `fromMs` on (earlier time is the rollups'), per local day:
 * - same boot: the interval is online when the uptime counter grew by ≥ 90 % of the elapsed time
 *   (a device cut off from the network but still up counts as up), else only the uptime growth;
 * - new boot: only b's uptime (bounded by the interval) counts, ending at b;
 * - GPU-busy = online time × b's mean GPU utilization / 100;
 * - bytes = growth of rx + tx of every interface but `lo` within one boot, on b's day.
 * Online time is cut at day bounds. A day gets a row only when a sample or an online interval lies in
 * it: days with no telemetry stay absent (unknown), never 0.
 */
export function addSampleActivity(
  cal: Calendar,
  acc: ActivityAcc,
  samples: readonly Sample[],
  fromMs = cal.startMs,
): void {
  const at = (i: number) => dayAcc(acc, i);
  for (const s of samples) {
    const i = s.ts >= fromMs ? dayIndexOf(cal, s.ts) : -1;
    if (i >= 0) at(i);
  }
  for (let k = 1; k < samples.length; k++) {
    const a = samples[k - 1] as Sample;
    const b = samples[k] as Sample;
    const elapsed = b.ts - a.ts;
    if (elapsed <= 0 || b.ts < fromMs) continue;
    const sameBoot = a.boot_id === b.boot_id;
    const grew = (sameBoot ? b.uptime_s - a.uptime_s : b.uptime_s) * 1000;
    const up = grew >= UPTIME_COVERAGE * elapsed ? elapsed : Math.max(0, Math.min(elapsed, grew));
    if (sameBoot) {
      const i = dayIndexOf(cal, b.ts);
      if (i >= 0) at(i).bytes += netBytes(a, b);
    }
    if (up <= 0) continue;
    const util = meanGpuUtil(b) / 100;
    const t0 = Math.max(b.ts - up, cal.startMs, fromMs);
    const t1 = Math.min(b.ts, cal.endMs);
    for (let t = t0; t < t1; ) {
      const i = dayIndexOf(cal, t);
      const day = cal.days[i];
      if (!day) break;
      const end = Math.min(t1, day.endMs);
      const d = at(i);
      d.upMs += end - t;
      d.busyMs += (end - t) * util;
      t = end;
    }
  }
}

/** The sums rounded to whole seconds and bytes, keyed by day. */
export function finishActivity(cal: Calendar, acc: ActivityAcc): Map<string, DeviceActivity> {
  const out = new Map<string, DeviceActivity>();
  for (const [i, d] of [...acc.entries()].sort((x, y) => x[0] - y[0])) {
    const day = cal.days[i];
    if (!day) continue;
    out.set(day.key, {
      uptimeS: Math.round(d.upMs / 1000),
      gpuBusyS: Math.round(d.busyMs / 1000),
      bytes: Math.round(d.bytes),
    });
  }
  return out;
}

/** Per local day activity of raw samples alone (see `addSampleActivity`). */
export function dailyActivity(cal: Calendar, samples: readonly Sample[]): Map<string, DeviceActivity> {
  const acc: ActivityAcc = new Map();
  addSampleActivity(cal, acc, samples);
  return finishActivity(cal, acc);
}
