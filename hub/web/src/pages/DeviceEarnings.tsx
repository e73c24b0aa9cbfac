import { useMemo } from 'preact/hooks';
import { api, apiOptional } from '../api.js';
import { Chart } from '../components/Chart.js';
import { type Column, DataTable } from '../components/DataTable.js';
import { ErrorNote } from '../components/Status.js';
import { dateTime, money, pct, tone } from '../format.js';
import { useLoad } from '../live.js';
import { PALETTE } from '../series.js';
import type { DeviceEarnings, RewardView } from '../types.js';

const dayStartS = (day: string) => new Date(`${day}T00:00:00`).getTime() / 1000;

function EarningsChart({ e }: { e: DeviceEarnings }) {
  const { x, series } = useMemo(
    () => ({
      x: e.periods.map((p) => dayStartS(p.period)),
      series: [
        {
          label: 'gross',
          values: e.periods.map((p) => Number(p.gross)),
          color: PALETTE[0] ?? '',
          bars: true,
        },
        {
          label: 'energy',
          values: e.periods.map((p) => (p.energy_cost === null ? null : -Number(p.energy_cost))),
          color: PALETTE[1] ?? '',
        },
        { label: 'net', values: e.periods.map((p) => Number(p.net)), color: PALETTE[2] ?? '' },
      ],
    }),
    [e],
  );
  const fmt = (v: number) => money(v.toFixed(6), e.currency);
  const summary = `from ${e.from} to ${e.to}: gross ${money(e.total.gross, e.currency)}, energy ${money(e.total.energy_cost, e.currency)}, net ${money(e.total.net, e.currency)}`;
  return (
    <Chart
      id="chart-earnings"
      title="Earnings per day"
      x={x}
      series={series}
      format={fmt}
      summary={summary}
      height={220}
    />
  );
}

const REWARD_COLUMNS: Array<Column<RewardView>> = [
  { key: 'when', header: 'When', cell: (r) => dateTime(r.ts_ms) },
  { key: 'network', header: 'Network', cell: (r) => r.network },
  {
    key: 'amount',
    header: 'Amount',
    align: 'num',
    cell: (r) => (
      <>
        {r.amount} {r.token}
      </>
    ),
  },
  {
    key: 'value',
    header: 'Value',
    align: 'num',
    cell: (r) => (r.value_usd === null ? 'unpriced' : money(r.value_usd, 'USD')),
  },
  {
    key: 'tx',
    header: 'Transaction',
    cellClass: 'tx',
    cell: (r) =>
      r.explorer_url ? (
        <a
          href={r.explorer_url}
          target="_blank"
          rel="noopener noreferrer"
          title={`${r.ref} on ${r.explorer ?? 'the explorer'}`}
        >
          {r.ref.slice(0, 14)}…
        </a>
      ) : (
        <code title={r.ref}>{r.ref.slice(0, 14)}…</code>
      ),
  },
];

function Rewards({ id, from }: { id: string; from: string }) {
  const enc = encodeURIComponent(id);
  const fromMs = new Date(`${from}T00:00:00`).getTime();
  const rewards = useLoad(
    async () =>
      (await apiOptional<{ rewards: RewardView[] }>(`/api/v1/devices/${enc}/rewards?from=${fromMs}`)) ??
      (await api<{ rewards: RewardView[] }>(`/api/v1/rewards?device=${enc}&from=${fromMs}&limit=200`)),
    [id, from],
  );
  const list = [...(rewards.data?.rewards ?? [])].sort((a, b) => b.ts_ms - a.ts_ms);
  return (
    <section aria-labelledby="rewards-h">
      <h2 id="rewards-h">Rewards</h2>
      <ErrorNote error={rewards.error} />
      <DataTable
        class="rewards"
        columns={REWARD_COLUMNS}
        rows={list}
        rowKey={(r) => r.key}
        empty={rewards.loading ? 'Loading…' : 'No reward in this range.'}
      />
    </section>
  );
}

export function DeviceEarningsSection({ id, from }: { id: string; from: string }) {
  const enc = encodeURIComponent(id);
  const earnings = useLoad(
    () => api<DeviceEarnings>(`/api/v1/devices/${enc}/earnings?from=${from}`),
    [id, from],
    {
      liveEvents: ['earnings'],
      pollMs: 300_000,
    },
  );
  const e = earnings.data;
  return (
    <>
      <section aria-labelledby="earnings-h">
        <h2 id="earnings-h">Earnings</h2>
        <ErrorNote error={earnings.error} />
        {e && (
          <>
            <div class="stats">
              <div class="card stat">
                <span class="stat-label">
                  Net {e.from} → {e.to}
                </span>
                <span class={`stat-value money-${tone(e.total.net)}`} data-device-net>
                  {money(e.total.net, e.currency)}
                </span>
              </div>
              <div class="card stat">
                <span class="stat-label">Gross</span>
                <span class="stat-value">{money(e.total.gross, e.currency)}</span>
              </div>
              <div class="card stat">
                <span class="stat-label">Energy ({Number(e.total.energy_kwh).toFixed(1)} kWh)</span>
                <span class="stat-value" data-device-energy>
                  {e.total.energy_cost === null ? 'no tariff' : money(e.total.energy_cost, e.currency)}
                </span>
              </div>
              <div class="card stat">
                <span class="stat-label">Month to date → projected</span>
                <span class="stat-value">
                  {money(e.month.month_to_date, e.currency)} → {money(e.month.projected_month, e.currency)}
                </span>
              </div>
              <div class="card stat">
                <span class="stat-label">Uptime</span>
                <span class="stat-value">{pct(e.uptime.percent, 1)}</span>
              </div>
            </div>
            <div class="card">
              <EarningsChart e={e} />
            </div>
            {e.decomposition && (
              <section class="card why" aria-labelledby="why-h">
                <h3 id="why-h">Why it moved</h3>
                <p>{e.decomposition.text}</p>
                <p class="muted">
                  {money(e.decomposition.baseline_net_per_day, e.currency)}/day (
                  {e.decomposition.baseline_from} → {e.decomposition.baseline_to}) vs{' '}
                  {money(e.decomposition.recent_net_per_day, e.currency)}/day ({e.decomposition.recent_from} →{' '}
                  {e.decomposition.recent_to})
                </p>
                <ul class="effects">
                  {e.decomposition.effects.map((f) => (
                    <li key={f.name}>
                      <span>{f.name}</span>
                      <span class={`money-${tone(f.amount)}`}>
                        {money(f.amount, e.currency)} {f.percent !== null && `(${f.percent}%)`}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {e.flags.length > 0 && (
              <section class="card" aria-labelledby="flags-h">
                <h3 id="flags-h">Reconciliation flags</h3>
                <ul class="flags">
                  {e.flags.map((f, i) => (
                    <li key={i}>
                      <span class="chip chip-warn">{f.kind}</span>{' '}
                      {[f.network, f.account, f.day ?? (f.from && `${f.from} → ${f.to}`)]
                        .filter(Boolean)
                        .join(' · ')}
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </section>
      <Rewards id={id} from={from} />
    </>
  );
}
