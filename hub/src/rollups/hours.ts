import type { Sample } from '@nodetally/shared';
import { HOUR_MS, hourOf } from '../store/reward-types.js';
import type { EnergyPoint, HourRollup } from '../store/rollup-types.js';
import { GpuStats, Max, Mean } from './stats.js';

/** Share of a boot's elapsed time its uptime counter must show for the interval to count in full. */
const UPTIME_COVERAGE = 0.9;

class HourAcc {
  samples = 0;
  upMs = 0;
  busyMs = 0;
  rx = 0;
  tx = 0;
  boots = 0;
  cpu = new Mean();
  cpuMax = new Max();
  mem = new Mean();
  memTotal: number | null = null;
  temp = new Max();
  power = new Mean();
  gpus = new GpuStats();
  energyFirst: EnergyPoint | null = null;
  energyLast: EnergyPoint | null = null;

  add(s: Sample): void {
    this.samples++;
    this.cpu.add(s.cpu_load_pct);
    this.cpuMax.add(s.cpu_load_pct);
    this.mem.add(s.mem_used_bytes);
    this.memTotal = s.mem_total_bytes;
    this.temp.add(s.cpu_temp_c ?? null);
    this.temp.add(s.pi?.soc_temp_c ?? null);
    for (const g of s.gpus ?? []) {
      this.gpus.add(g.index, {
        util: g.util_gpu_pct,
        temp: g.temp_c,
        power: g.power_draw_w,
        mem: g.mem_used_bytes,
      });
    }
    if (s.power) {
      const point: EnergyPoint = {
        ts: s.ts,
        energy_wh_total: s.power.energy_wh_total,
        epoch_id: s.power.energy_epoch_id,
        watts: s.power.watts,
      };
      this.power.add(s.power.watts);
      this.energyFirst ??= point;
      this.energyLast = point;
    }
  }

  toRow(deviceId: string, hourMs: number): HourRollup {
    return {
      device_id: deviceId,
      hour_ms: hourMs,
      samples: this.samples,
      up_ms: Math.round(this.upMs),
      gpu_busy_ms: Math.round(this.busyMs),
      rx_bytes: this.rx,
      tx_bytes: this.tx,
      cpu_pct_avg: this.cpu.value(),
      cpu_pct_max: this.cpuMax.value(),
      mem_used_bytes_avg: this.mem.value(0),
      mem_total_bytes: this.memTotal,
      temp_c_max: this.temp.value(),
      power_w_avg: this.power.value(),
      gpus: this.gpus.rollups(),
      energy_first: this.energyFirst,
      energy_last: this.energyLast,
      boots: this.boots,
    };
  }
}

const meanGpuUtil = (s: Sample): number => {
  const utils = (s.gpus ?? []).map((g) => g.util_gpu_pct).filter((u): u is number => u !== null);
  return utils.length === 0 ? 0 : utils.reduce((a, b) => a + b, 0) / utils.length;
};

function netGrowth(a: Sample, b: Sample): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const n of b.net) {
    if (n.iface === 'lo') continue;
    const prev = a.net.find((x) => x.iface === n.iface);
    if (!prev) continue;
    rx += Math.max(0, n.rx_bytes_total - prev.rx_bytes_total);
    tx += Math.max(0, n.tx_bytes_total - prev.tx_bytes_total);
  }
  return { rx, tx };
}

/**
 * Hour rows of one device for the hours in [fromMs, toMs) (hour bounds), from its samples sorted by
 * (ts, seq). Pass the last sample before fromMs and the first at or after toMs too: they bound the
 * first and last intervals. Interval rules are those of `dailyActivity` (earnings-service/telemetry.ts):
 * - same boot: online when uptime grew by ≥ 90 % of the elapsed time, else only the uptime growth;
 * - new boot: only b's uptime (bounded by the interval) counts, ending at b; it counts as a boot;
 * - GPU-busy = online time × b's mean GPU utilization / 100; online time is cut at hour bounds;
 * - rx/tx = counter growth within one boot, on b's hour.
 * An hour gets a row when a sample or online time lies in it.
 */
export function rollHours(
  deviceId: string,
  samples: readonly Sample[],
  fromMs: number,
  toMs: number,
): HourRollup[] {
  const acc = new Map<number, HourAcc>();
  const at = (hourMs: number) => {
    let h = acc.get(hourMs);
    if (!h) {
      h = new HourAcc();
      acc.set(hourMs, h);
    }
    return h;
  };
  const inRange = (ts: number) => ts >= fromMs && ts < toMs;
  for (const s of samples) if (inRange(s.ts)) at(hourOf(s.ts)).add(s);
  for (let k = 1; k < samples.length; k++) {
    const a = samples[k - 1] as Sample;
    const b = samples[k] as Sample;
    const elapsed = b.ts - a.ts;
    if (elapsed <= 0) continue;
    const sameBoot = a.boot_id === b.boot_id;
    if (inRange(b.ts)) {
      const h = at(hourOf(b.ts));
      if (sameBoot) {
        const { rx, tx } = netGrowth(a, b);
        h.rx += rx;
        h.tx += tx;
      } else h.boots++;
    }
    const grew = (sameBoot ? b.uptime_s - a.uptime_s : b.uptime_s) * 1000;
    const up = grew >= UPTIME_COVERAGE * elapsed ? elapsed : Math.max(0, Math.min(elapsed, grew));
    if (up <= 0) continue;
    const util = meanGpuUtil(b) / 100;
    const t1 = Math.min(b.ts, toMs);
    for (let t = Math.max(b.ts - up, fromMs); t < t1; ) {
      const end = Math.min(t1, hourOf(t) + HOUR_MS);
      const h = at(hourOf(t));
      h.upMs += end - t;
      h.busyMs += (end - t) * util;
      t = end;
    }
  }
  return [...acc.entries()].sort((x, y) => x[0] - y[0]).map(([hourMs, h]) => h.toRow(deviceId, hourMs));
}
