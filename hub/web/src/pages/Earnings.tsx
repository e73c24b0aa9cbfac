import { useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Chart } from '../components/Chart.js';
import { type Column, DataTable } from '../components/DataTable.js';
import { ErrorNote } from '../components/Status.js';
import { dayKey, money, tone } from '../format.js';
import { useLoad } from '../live.js';
import { PALETTE } from '../series.js';
import type { FleetSummary, PeriodView } from '../types.js';

/** The last `n` calendar months as [from, to] day keys, oldest first; the current one ends today. */
function months(n: number): Array<{ month: string; from: string; to: string }> {
  const now = new Date();
  const out = [];
  for (let i = n - 1; i >= 0; i--) {
    const first = new Date(now.getFullYear(), now.getMonth() - i, 1);
    const last = i === 0 ? now : new Date(now.getFullYear(), now.getMonth() - i + 1, 0);
    out.push({ month: dayKey(first).slice(0, 7), from: dayKey(first), to: dayKey(last) });
  }
  return out;
}

type MonthRow = { month: string; total: PeriodView };

function monthColumns(currency: string): Array<Column<MonthRow>> {
  const moneyColumn = (key: 'gross' | 'energy_cost' | 'fixed', header: string): Column<MonthRow> => ({
    key,
    header,
    align: 'num',
    cell: (m) => money(m.total[key], currency),
  });
  return [
    {
      key: 'month',
      header: 'Month',
      rowHeader: true,
      cell: (m) => (
        <>
          {m.month}
          {!m.total.complete && (
            <span class="sub" title="unpriced rewards, unknown energy or no tariff">
              incomplete
            </span>
          )}
        </>
      ),
    },
    moneyColumn('gross', 'Gross'),
    moneyColumn('energy_cost', 'Energy'),
    { key: 'kwh', header: 'kWh', align: 'num', cell: (m) => Number(m.total.energy_kwh).toFixed(1) },
    moneyColumn('fixed', 'Fixed'),
    {
      key: 'net',
      header: 'Net',
      align: 'num',
      cellClass: (m) => `money-${tone(m.total.net)}`,
      cell: (m) => money(m.total.net, currency),
    },
  ];
}

/** Gross per network (rows) and month (columns). */
function networkColumns(
  ranges: Array<{ month: string }>,
  currency: string,
): Array<Column<[string, number[]]>> {
  return [
    { key: 'network', header: 'Network', rowHeader: true, cell: ([network]) => network },
    ...ranges.map(
      (r, i): Column<[string, number[]]> => ({
        key: r.month,
        header: r.month,
        align: 'num',
        cell: ([, values]) => money((values[i] ?? 0).toFixed(6), currency),
      }),
    ),
  ];
}

export function EarningsPage() {
  const [count, setCount] = useState(6);
  const ranges = useMemo(() => months(count), [count]);
  const data = useLoad(
    () =>
      Promise.all(ranges.map((r) => api<FleetSummary>(`/api/v1/earnings/summary?from=${r.from}&to=${r.to}`))),
    [ranges],
    { liveEvents: ['earnings'], pollMs: 300_000 },
  );
  const summaries = data.data ?? [];
  const currency = summaries[0]?.currency ?? 'USD';
  const networks = useMemo(() => {
    const by = new Map<string, number[]>();
    summaries.forEach((s, i) => {
      for (const t of s.total.tokens) {
        const row = by.get(t.network) ?? summaries.map(() => 0);
        row[i] = (row[i] ?? 0) + Number(t.value);
        by.set(t.network, row);
      }
    });
    return [...by.entries()].sort(
      (a, b) => b[1].reduce((x, y) => x + y, 0) - a[1].reduce((x, y) => x + y, 0),
    );
  }, [summaries]);
  const monthRows = summaries.map((s, i) => ({ month: ranges[i]?.month ?? '', total: s.total }));
  const first = ranges[0]?.from ?? '';
  const last = ranges[ranges.length - 1]?.to ?? '';
  return (
    <>
      <header class="page-head">
        <h1>Earnings</h1>
        <div class="actions">
          <label>
            <span>Months</span>
            <select value={count} onChange={(e) => setCount(Number(e.currentTarget.value))}>
              {[3, 6, 12].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <a class="button" href={`/api/v1/earnings.csv?from=${first}&to=${last}`} download>
            Export CSV
          </a>
        </div>
      </header>
      <ErrorNote error={data.error} />
      {summaries.length > 0 && (
        <>
          <div class="card">
            <Chart
              id="chart-months"
              title="Per month"
              x={ranges.map((r) => new Date(`${r.from}T00:00:00`).getTime() / 1000)}
              series={[
                {
                  label: 'gross',
                  values: summaries.map((s) => Number(s.total.gross)),
                  color: PALETTE[0] ?? '',
                  bars: true,
                },
                { label: 'net', values: summaries.map((s) => Number(s.total.net)), color: PALETTE[2] ?? '' },
              ]}
              format={(v) => money(v.toFixed(6), currency, 0)}
              summary={summaries
                .map((s, i) => `${ranges[i]?.month}: net ${money(s.total.net, currency)}`)
                .join('; ')}
            />
          </div>
          <h2>Per month</h2>
          <DataTable columns={monthColumns(currency)} rows={monthRows} rowKey={(m) => m.month} />
          <h2>Per network (gross)</h2>
          <DataTable
            columns={networkColumns(ranges, currency)}
            rows={networks}
            rowKey={([network]) => network}
            empty="No rewards in these months."
          />
        </>
      )}
      {data.loading && !summaries.length && <p class="muted">Loading…</p>}
    </>
  );
}
