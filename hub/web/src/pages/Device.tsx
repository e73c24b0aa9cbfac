import { useMemo, useState } from 'preact/hooks';
import { apiOptional } from '../api.js';
import { Chart, type ChartSeries } from '../components/Chart.js';
import { ErrorNote, Waiting } from '../components/Status.js';
import { bytesPerSecond, dayKey } from '../format.js';
import { useLoad } from '../live.js';
import { describe, hasData, PALETTE, toColumns } from '../series.js';
import type { Series } from '../types.js';
import { DeviceEarningsSection } from './DeviceEarnings.js';

const RANGES = [
  ['24h', 1],
  ['7d', 7],
  ['30d', 30],
  ['90d', 90],
] as const;

const pctFmt = (v: number) => `${Math.round(v)}%`;
const wattFmt = (v: number) => `${Math.round(v)} W`;
const tempFmt = (v: number) => `${Math.round(v)}°C`;

function Charts({ series }: { series: Series }) {
  const c = useMemo(() => toColumns(series), [series]);
  const charts = useMemo(() => {
    const list: Array<{
      id: string;
      title: string;
      unit: string;
      series: ChartSeries[];
      format: (v: number) => string;
    }> = [];
    const add = (
      id: string,
      title: string,
      unit: string,
      format: (v: number) => string,
      s: ChartSeries[],
    ) => {
      const kept = s.filter((x) => hasData(x.values));
      if (kept.length) list.push({ id, title, unit, series: kept, format });
    };
    add('chart-online', 'Online', '%', pctFmt, [
      { label: 'online', values: c.online, color: PALETTE[2] ?? '', fill: true },
    ]);
    add('chart-cpu', 'CPU and memory', '%', pctFmt, [
      { label: 'CPU', values: c.cpu, color: PALETTE[0] ?? '' },
      { label: 'memory', values: c.mem, color: PALETTE[4] ?? '' },
    ]);
    add(
      'chart-gpu-util',
      'GPU utilization',
      '%',
      pctFmt,
      c.gpus.map((g, i) => ({
        label: `GPU ${g.index}`,
        values: g.util,
        color: PALETTE[i % PALETTE.length] ?? '',
      })),
    );
    add('chart-temp', 'Temperature', '°C', tempFmt, [
      { label: 'CPU', values: c.temp, color: PALETTE[1] ?? '' },
      ...c.gpus.map((g, i) => ({
        label: `GPU ${g.index}`,
        values: g.temp,
        color: PALETTE[(i + 3) % PALETTE.length] ?? '',
      })),
    ]);
    add('chart-power', 'Power', ' W', wattFmt, [
      { label: 'total', values: c.power, color: PALETTE[3] ?? '', fill: true },
      ...c.gpus.map((g, i) => ({
        label: `GPU ${g.index}`,
        values: g.power,
        color: PALETTE[(i + 5) % PALETTE.length] ?? '',
      })),
    ]);
    add('chart-net', 'Bandwidth', ' B/s', bytesPerSecond, [
      { label: 'received', values: c.rx, color: PALETTE[0] ?? '' },
      { label: 'sent', values: c.tx, color: PALETTE[5] ?? '' },
    ]);
    return list;
  }, [c]);
  if (!c.x.length) return <p class="empty">No telemetry in this range.</p>;
  return (
    <div class="charts">
      {charts.map((ch) => (
        <div class="card" key={ch.id}>
          <Chart
            id={ch.id}
            title={ch.title}
            x={c.x}
            series={ch.series}
            format={ch.format}
            summary={describe(ch.series, ch.unit)}
          />
        </div>
      ))}
    </div>
  );
}

export function DevicePage({ id }: { id: string }) {
  const [days, setDays] = useState<number>(1);
  const enc = encodeURIComponent(id);
  const series = useLoad(
    () => {
      const to = Date.now();
      return apiOptional<Series>(
        `/api/v1/devices/${enc}/series?from=${to - days * 86_400_000}&to=${to}&resolution=auto`,
      );
    },
    [id, days],
    { liveEvents: ['device'], pollMs: 60_000 },
  );
  const earningsFrom = dayKey(new Date(Date.now() - (Math.max(days, 14) - 1) * 86_400_000));
  return (
    <>
      <header class="page-head">
        <p class="crumbs">
          <a href="/">Fleet</a> /
        </p>
        <h1>{id}</h1>
      </header>
      <fieldset class="range">
        <legend class="visually-hidden">Time range</legend>
        {RANGES.map(([label, d]) => (
          <button
            type="button"
            key={label}
            class="button ghost"
            aria-pressed={days === d}
            onClick={() => setDays(d)}
          >
            {label}
          </button>
        ))}
      </fieldset>
      <ErrorNote error={series.error} />
      <section aria-labelledby="telemetry-h">
        <h2 id="telemetry-h">Telemetry</h2>
        {series.data === null && !series.loading && !series.error ? (
          <Waiting what="Telemetry history" route={`GET /api/v1/devices/${id}/series`} />
        ) : series.data ? (
          <Charts series={series.data} />
        ) : (
          <p class="muted">Loading…</p>
        )}
      </section>
      <DeviceEarningsSection id={id} from={earningsFrom} />
    </>
  );
}
