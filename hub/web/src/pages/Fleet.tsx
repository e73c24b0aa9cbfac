import { useMemo, useState } from 'preact/hooks';
import { Sparkline } from '../components/Sparkline.js';
import { ErrorNote, StatusBadge } from '../components/Status.js';
import { Totals } from '../components/Totals.js';
import { filterAndSort, loadFleet, type SortKey } from '../fleet-data.js';
import { ago, money, pct, tone } from '../format.js';
import { useLoad } from '../live.js';
import type { FleetDevice } from '../types.js';

const SORTS: Array<[SortKey, string]> = [
  ['net_today', 'Net today'],
  ['net_month', 'Net this month'],
  ['name', 'Name'],
  ['status', 'Status'],
  ['uptime', 'Uptime'],
];

function Row({ d, currency }: { d: FleetDevice; currency: string }) {
  const href = `/devices/${encodeURIComponent(d.device_id)}`;
  return (
    <tr data-device-id={d.device_id} class={`row-${d.status}`}>
      <th scope="row" class="col-name">
        <a href={href}>{d.name ?? d.device_id}</a>
        <span class="sub">{d.device_id}</span>
      </th>
      <td data-label="Status">
        <StatusBadge status={d.status} />
        <span class="sub">{ago(d.last_seen_ms)}</span>
      </td>
      <td data-label="Networks" class="col-wide">
        {d.networks.length ? (
          d.networks.map((n) => (
            <span class="chip" key={n}>
              {n}
            </span>
          ))
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td data-label="Today" class={`num money-${tone(d.today?.net)}`} data-net-today>
        {money(d.today?.net, currency)}
      </td>
      <td data-label="Month" class={`num money-${tone(d.month_to_date?.net)}`} data-net-month>
        {money(d.month_to_date?.net, currency)}
        {d.projected_month_net && <span class="sub">→ {money(d.projected_month_net, currency, 0)}</span>}
      </td>
      <td data-label="14 days" class="col-wide">
        <Sparkline days={d.net_by_day} currency={currency} />
      </td>
      <td data-label="Uptime 7d" class="num col-wide">
        {pct(d.uptime_pct_7d, 1)}
      </td>
      <td data-label="Why" class="col-why">
        {d.change ? <span title={d.change.summary}>{d.change.summary}</span> : null}
        {d.flags.map((f) => (
          <span class="chip chip-warn" key={f}>
            {f}
          </span>
        ))}
        {d.active_alerts > 0 && (
          <a class="chip chip-alert" href="/alerts">
            {d.active_alerts} alert{d.active_alerts > 1 ? 's' : ''}
          </a>
        )}
      </td>
    </tr>
  );
}

export function FleetPage() {
  const fleet = useLoad(loadFleet, [], { liveEvents: ['device', 'earnings', 'alert'] });
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [network, setNetwork] = useState('');
  const [sort, setSort] = useState<SortKey>('net_today');
  const [desc, setDesc] = useState(true);
  const data = fleet.data;
  const networks = useMemo(() => [...new Set(data?.devices.flatMap((d) => d.networks) ?? [])].sort(), [data]);
  const rows = useMemo(
    () => (data ? filterAndSort(data.devices, { q, status, network, sort, desc }) : []),
    [data, q, status, network, sort, desc],
  );
  const currency = data?.currency ?? 'USD';
  const online = data?.devices.filter((d) => d.status === 'online').length ?? 0;
  return (
    <>
      <header class="page-head">
        <h1>Fleet</h1>
        {data && (
          <p class="muted" aria-live="polite">
            {online} of {data.total} online · updated {ago(data.computed_ms)}
          </p>
        )}
      </header>
      <ErrorNote error={fleet.error} />
      {data && (
        <div class="totals-grid">
          <Totals label="Today" t={data.totals.today} currency={currency} />
          <Totals label="This month" t={data.totals.month_to_date} currency={currency} />
        </div>
      )}
      <form class="toolbar" aria-label="Filter and sort devices" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Search</span>
          <input
            type="search"
            value={q}
            placeholder="name or id"
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">all</option>
            <option value="online">online</option>
            <option value="offline">offline</option>
            <option value="unknown">unknown</option>
          </select>
        </label>
        <label>
          <span>Network</span>
          <select value={network} onChange={(e) => setNetwork(e.currentTarget.value)}>
            <option value="">all</option>
            {networks.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Sort by</span>
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
            {SORTS.map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="button ghost" aria-pressed={desc} onClick={() => setDesc(!desc)}>
          {desc ? '↓ desc' : '↑ asc'}
        </button>
      </form>
      {data && (
        <div class="table-wrap">
          <table class="fleet">
            <caption class="visually-hidden">
              Devices, {rows.length} shown, sorted by {SORTS.find(([k]) => k === sort)?.[1]}
            </caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Status</th>
                <th scope="col" class="col-wide">
                  Networks
                </th>
                <th scope="col" class="num">
                  Today
                </th>
                <th scope="col" class="num">
                  Month
                </th>
                <th scope="col" class="col-wide">
                  14 days
                </th>
                <th scope="col" class="num col-wide">
                  Uptime 7d
                </th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <Row key={d.device_id} d={d} currency={currency} />
              ))}
            </tbody>
          </table>
          {rows.length === 0 && (
            <p class="empty">
              {data.devices.length ? (
                'No device matches.'
              ) : (
                <>
                  No devices yet. <a href="/settings#add-device">Add a device</a>.
                </>
              )}
            </p>
          )}
        </div>
      )}
      {!data && fleet.loading && <p class="muted">Loading…</p>}
    </>
  );
}
