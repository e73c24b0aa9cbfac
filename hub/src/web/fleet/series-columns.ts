import type { DayRollup, HourRollup } from '../../store/rollup-types.js';

type Col = Array<number | null>;

export interface GpuColumns {
  index: number;
  util_pct: Col;
  temp_c: Col;
  power_w: Col;
}

/** Chart data as columns (uPlot's shape): `ts[i]` is the start of the bucket of every column's `[i]`. */
export interface SeriesColumns {
  ts: number[];
  online_pct: Col;
  cpu_pct: Col;
  mem_pct: Col;
  temp_c: Col;
  power_w: Col;
  /** Bytes per second received / sent over the bucket. */
  rx_bps: Col;
  tx_bps: Col;
  gpus: GpuColumns[];
}

export const emptyColumns = (): SeriesColumns => ({
  ts: [],
  online_pct: [],
  cpu_pct: [],
  mem_pct: [],
  temp_c: [],
  power_w: [],
  rx_bps: [],
  tx_bps: [],
  gpus: [],
});

/** One bucket's values before they are laid out in columns. */
export interface SeriesPoint {
  ts: number;
  online_pct: number | null;
  cpu_pct: number | null;
  mem_pct: number | null;
  temp_c: number | null;
  power_w: number | null;
  rx_bps: number | null;
  tx_bps: number | null;
  gpus: Array<{ index: number; util_pct: number | null; temp_c: number | null; power_w: number | null }>;
}

const round = (value: number | null, digits = 2) => {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Lays points out in columns; a GPU missing from a point gets null there. */
export function toColumns(points: readonly SeriesPoint[]): SeriesColumns {
  const out = emptyColumns();
  const gpus = new Map<number, GpuColumns>();
  for (const p of points) for (const g of p.gpus) gpus.set(g.index, gpus.get(g.index) ?? newGpu(g.index));
  out.gpus = [...gpus.values()].sort((a, b) => a.index - b.index);
  for (const p of points) {
    out.ts.push(p.ts);
    out.online_pct.push(round(p.online_pct, 1));
    out.cpu_pct.push(round(p.cpu_pct));
    out.mem_pct.push(round(p.mem_pct));
    out.temp_c.push(round(p.temp_c, 1));
    out.power_w.push(round(p.power_w, 1));
    out.rx_bps.push(round(p.rx_bps, 0));
    out.tx_bps.push(round(p.tx_bps, 0));
    for (const cols of out.gpus) {
      const g = p.gpus.find((x) => x.index === cols.index);
      cols.util_pct.push(round(g?.util_pct ?? null));
      cols.temp_c.push(round(g?.temp_c ?? null, 1));
      cols.power_w.push(round(g?.power_w ?? null, 1));
    }
  }
  return out;
}

const newGpu = (index: number): GpuColumns => ({ index, util_pct: [], temp_c: [], power_w: [] });

/** An hour or day rollup as a chart point; `spanMs` is the row's length (1 h or 1 day). */
export function rollupPoint(row: HourRollup | DayRollup, ts: number, spanMs: number): SeriesPoint {
  const seconds = spanMs / 1000;
  return {
    ts,
    online_pct: (row.up_ms / spanMs) * 100,
    cpu_pct: row.cpu_pct_avg,
    mem_pct:
      row.mem_used_bytes_avg !== null && row.mem_total_bytes
        ? (row.mem_used_bytes_avg / row.mem_total_bytes) * 100
        : null,
    temp_c: row.temp_c_max,
    power_w: row.power_w_avg,
    rx_bps: row.samples > 0 || row.rx_bytes > 0 ? row.rx_bytes / seconds : null,
    tx_bps: row.samples > 0 || row.tx_bytes > 0 ? row.tx_bytes / seconds : null,
    gpus: row.gpus.map((g) => ({
      index: g.index,
      util_pct: g.util_pct_avg,
      temp_c: g.temp_c_max,
      power_w: g.power_w_avg,
    })),
  };
}
