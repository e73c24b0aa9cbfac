import { useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Chart } from '../components/Chart.js';
import { ErrorNote } from '../components/Status.js';
import { dayKey, money, tone } from '../format.js';
import { useLoad } from '../live.js';
import { PALETTE } from '../series.js';
import type { FleetSummary } from '../types.js';

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
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" class="num">
                    Gross
                  </th>
                  <th scope="col" class="num">
                    Energy
                  </th>
                  <th scope="col" class="num">
                    kWh
                  </th>
                  <th scope="col" class="num">
                    Fixed
                  </th>
                  <th scope="col" class="num">
                    Net
                  </th>
                </tr>
              </thead>
              <tbody>
                {summaries.map((s, i) => (
                  <tr key={ranges[i]?.month}>
                    <th scope="row">
                      {ranges[i]?.month}
                      {!s.total.complete && (
                        <span class="sub" title="unpriced rewards, unknown energy or no tariff">
                          incomplete
                        </span>
                      )}
                    </th>
                    <td class="num">{money(s.total.gross, currency)}</td>
                    <td class="num">{money(s.total.energy_cost, currency)}</td>
                    <td class="num">{Number(s.total.energy_kwh).toFixed(1)}</td>
                    <td class="num">{money(s.total.fixed, currency)}</td>
                    <td class={`num money-${tone(s.total.net)}`}>{money(s.total.net, currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Per network (gross)</h2>
          {networks.length === 0 ? (
            <p class="empty">No rewards in these months.</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Network</th>
                    {ranges.map((r) => (
                      <th scope="col" class="num" key={r.month}>
                        {r.month}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {networks.map(([network, values]) => (
                    <tr key={network}>
                      <th scope="row">{network}</th>
                      {values.map((v, i) => (
                        <td class="num" key={ranges[i]?.month}>
                          {money(v.toFixed(6), currency)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {data.loading && !summaries.length && <p class="muted">Loading…</p>}
    </>
  );
}
