import type { DayRollup, HourRollup } from '../store/rollup-types.js';
import { GpuStats, Max, Mean } from './stats.js';

export const DAY_MS = 86_400_000;
export const dayOf = (ts: number) => Math.floor(ts / DAY_MS) * DAY_MS;

/**
 * A UTC day from its hour rows (any order): sums of time, bytes, samples and boots; averages weighted
 * by each hour's sample count; maxima; the day's first and last energy reading.
 */
export function rollDay(deviceId: string, dayMs: number, hours: readonly HourRollup[]): DayRollup {
  const sorted = [...hours].sort((a, b) => a.hour_ms - b.hour_ms);
  const cpu = new Mean();
  const cpuMax = new Max();
  const mem = new Mean();
  const temp = new Max();
  const power = new Mean();
  const gpus = new GpuStats();
  const day: DayRollup = {
    device_id: deviceId,
    day_ms: dayMs,
    samples: 0,
    up_ms: 0,
    gpu_busy_ms: 0,
    rx_bytes: 0,
    tx_bytes: 0,
    cpu_pct_avg: null,
    cpu_pct_max: null,
    mem_used_bytes_avg: null,
    mem_total_bytes: null,
    temp_c_max: null,
    power_w_avg: null,
    gpus: [],
    energy_first: null,
    energy_last: null,
    boots: 0,
  };
  for (const h of sorted) {
    day.samples += h.samples;
    day.up_ms += h.up_ms;
    day.gpu_busy_ms += h.gpu_busy_ms;
    day.rx_bytes += h.rx_bytes;
    day.tx_bytes += h.tx_bytes;
    day.boots += h.boots;
    cpu.add(h.cpu_pct_avg, h.samples);
    cpuMax.add(h.cpu_pct_max);
    mem.add(h.mem_used_bytes_avg, h.samples);
    day.mem_total_bytes = h.mem_total_bytes ?? day.mem_total_bytes;
    temp.add(h.temp_c_max);
    power.add(h.power_w_avg, h.samples);
    for (const g of h.gpus) {
      gpus.add(
        g.index,
        { util: g.util_pct_avg, temp: g.temp_c_max, power: g.power_w_avg, mem: g.mem_used_bytes_avg },
        h.samples,
      );
    }
    day.energy_first ??= h.energy_first;
    day.energy_last = h.energy_last ?? day.energy_last;
  }
  day.cpu_pct_avg = cpu.value();
  day.cpu_pct_max = cpuMax.value();
  day.mem_used_bytes_avg = mem.value(0);
  day.temp_c_max = temp.value();
  day.power_w_avg = power.value();
  day.gpus = gpus.rollups();
  return day;
}
