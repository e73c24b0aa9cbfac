import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Draw as bars (earnings per day). */
  bars?: boolean;
  fill?: boolean;
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * A uPlot chart sized to its container. The canvas is not readable by screen readers, so the figure
 * carries `summary` as its accessible description.
 */
export function Chart(props: {
  title: string;
  summary: string;
  x: number[];
  series: ChartSeries[];
  format?: (v: number) => string;
  height?: number;
  id?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { x, series, format, height = 180 } = props;
  const [theme, setTheme] = useState(0);
  useEffect(() => {
    // Colours come from CSS variables: redraw when the theme changes.
    const bump = () => setTheme((t) => t + 1);
    const media = matchMedia('(prefers-color-scheme: dark)');
    addEventListener('nodetally-theme', bump);
    media.addEventListener('change', bump);
    return () => {
      removeEventListener('nodetally-theme', bump);
      media.removeEventListener('change', bump);
    };
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const grid = { stroke: css('--grid'), width: 1 };
    const axis = { stroke: css('--muted'), grid, ticks: grid };
    const valueAxis = {
      ...axis,
      size: 72,
      values: (_u: uPlot, vals: number[]) => vals.map((v) => (format ? format(v) : String(v))),
    };
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { live: true },
      cursor: { focus: { prox: 16 } },
      scales: { x: { time: true } },
      axes: [axis, valueAxis],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.bars ? 0 : 1.5,
          ...(s.bars ? { fill: `${s.color}`, paths: bars } : s.fill ? { fill: `${s.color}22` } : {}),
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : format ? format(v) : v.toFixed(1)),
        })),
      ],
    };
    const data = [x, ...series.map((s) => s.values)] as uPlot.AlignedData;
    plot.current = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [x, series, format, height, theme]);
  return (
    <figure class="chart" id={props.id} data-series={series.length} data-points={x.length}>
      <figcaption>{props.title}</figcaption>
      <div ref={box} role="img" aria-label={`${props.title}: ${props.summary}`} />
    </figure>
  );
}
