import type { ChartSeries } from './components/Chart.js';
import type { Series } from './types.js';

// GET /api/v1/devices/:id/series is already columnar; uPlot wants seconds on x.

export const PALETTE = [
  '#2f80ed',
  '#eb5757',
  '#27ae60',
  '#f2994a',
  '#9b51e0',
  '#00a3a3',
  '#d4a017',
  '#e0559b',
];

export interface Columns {
  x: number[];
  online: Array<number | null>;
  cpu: Array<number | null>;
  mem: Array<number | null>;
  temp: Array<number | null>;
  power: Array<number | null>;
  rx: Array<number | null>;
  tx: Array<number | null>;
  gpus: Array<{
    index: number;
    util: Array<number | null>;
    temp: Array<number | null>;
    power: Array<number | null>;
  }>;
}

export function toColumns(s: Series): Columns {
  return {
    x: s.ts.map((t) => t / 1000),
    online: s.online_pct,
    cpu: s.cpu_pct,
    mem: s.mem_pct,
    temp: s.temp_c,
    power: s.power_w,
    rx: s.rx_bps,
    tx: s.tx_bps,
    gpus: s.gpus.map((g) => ({ index: g.index, util: g.util_pct, temp: g.temp_c, power: g.power_w })),
  };
}

const present = (values: Array<number | null>) => values.filter((v): v is number => v !== null);

/** "avg 42, max 97" for a chart's accessible description. */
export function describe(series: ChartSeries[], unit: string): string {
  const parts = series.map((s) => {
    const v = present(s.values);
    if (!v.length) return `${s.label}: no data`;
    const avg = v.reduce((a, b) => a + b, 0) / v.length;
    return `${s.label} average ${avg.toFixed(1)}${unit}, max ${Math.max(...v).toFixed(1)}${unit}`;
  });
  return parts.join('; ');
}

export const hasData = (values: Array<number | null>) => values.some((v) => v !== null);
