import type { Sample } from '@nodetally/shared';
import type { SeriesPoint } from './series-columns.js';

/** Sums and counts of one bucket of raw samples. */
class Bucket {
  samples = 0;
  private readonly sums = new Map<string, { sum: number; n: number }>();
  private readonly maxes = new Map<string, number>();
  rxBytes = 0;
  txBytes = 0;
  rateMs = 0;

  add(key: string, value: number | null | undefined): void {
    if (value === null || value === undefined) return;
    const s = this.sums.get(key) ?? { sum: 0, n: 0 };
    s.sum += value;
    s.n++;
    this.sums.set(key, s);
  }

  max(key: string, value: number | null | undefined): void {
    if (value === null || value === undefined) return;
    this.maxes.set(key, Math.max(value, this.maxes.get(key) ?? Number.NEGATIVE_INFINITY));
  }

  avg(key: string): number | null {
    const s = this.sums.get(key);
    return s ? s.sum / s.n : null;
  }

  top(key: string): number | null {
    return this.maxes.get(key) ?? null;
  }
}

const netTotals = (sample: Sample) => {
  let rx = 0;
  let tx = 0;
  for (const n of sample.net) {
    if (n.iface === 'lo') continue;
    rx += n.rx_bytes_total;
    tx += n.tx_bytes_total;
  }
  return { rx, tx };
};

/**
 * Raw samples averaged into buckets of `bucketMs` (aligned to epoch multiples), so a day of 15 s
 * samples becomes at most ~1,000 points. Rates come from counter growth between consecutive
 * samples of one boot, on the bucket of the later sample; a bucket without samples has no point.
 */
export function downsampleSamples(samples: readonly Sample[], bucketMs: number): SeriesPoint[] {
  const buckets = new Map<number, Bucket>();
  const gpuIndexes = new Set<number>();
  let previous: Sample | undefined;
  for (const s of samples) {
    const ts = Math.floor(s.ts / bucketMs) * bucketMs;
    let b = buckets.get(ts);
    if (!b) {
      b = new Bucket();
      buckets.set(ts, b);
    }
    b.samples++;
    b.add('cpu', s.cpu_load_pct);
    b.add('mem', s.mem_total_bytes > 0 ? (s.mem_used_bytes / s.mem_total_bytes) * 100 : null);
    b.max('temp', s.cpu_temp_c);
    b.add('power', s.power?.watts);
    for (const g of s.gpus ?? []) {
      gpuIndexes.add(g.index);
      b.add(`gu${g.index}`, g.util_gpu_pct);
      b.max(`gt${g.index}`, g.temp_c);
      b.add(`gp${g.index}`, g.power_draw_w);
    }
    if (previous && previous.boot_id === s.boot_id && s.ts > previous.ts) {
      const now = netTotals(s);
      const before = netTotals(previous);
      if (now.rx >= before.rx && now.tx >= before.tx) {
        b.rxBytes += now.rx - before.rx;
        b.txBytes += now.tx - before.tx;
        b.rateMs += s.ts - previous.ts;
      }
    }
    previous = s;
  }
  const gpus = [...gpuIndexes].sort((a, b) => a - b);
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ts, b]) => ({
      ts,
      // The device was reporting in this bucket: that is what raw samples can say about uptime.
      online_pct: 100,
      cpu_pct: b.avg('cpu'),
      mem_pct: b.avg('mem'),
      temp_c: b.top('temp'),
      power_w: b.avg('power'),
      rx_bps: b.rateMs > 0 ? b.rxBytes / (b.rateMs / 1000) : null,
      tx_bps: b.rateMs > 0 ? b.txBytes / (b.rateMs / 1000) : null,
      gpus: gpus.map((index) => ({
        index,
        util_pct: b.avg(`gu${index}`),
        temp_c: b.top(`gt${index}`),
        power_w: b.avg(`gp${index}`),
      })),
    }));
}
