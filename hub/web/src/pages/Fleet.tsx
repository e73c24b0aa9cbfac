import { useMemo, useState } from 'preact/hooks';
import { DataTable } from '../components/DataTable.js';
import { ErrorNote } from '../components/Status.js';
import { Totals } from '../components/Totals.js';
import { fleetColumns } from '../fleet-columns.js';
import { filterAndSort, loadFleet, type SortKey } from '../fleet-data.js';
import { ago } from '../format.js';
import { useLoad } from '../live.js';

const SORTS: Array<[SortKey, string]> = [
  ['net_today', 'Net today'],
  ['net_month', 'Net this month'],
  ['name', 'Name'],
  ['status', 'Status'],
  ['uptime', 'Uptime'],
];

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
  const columns = useMemo(() => fleetColumns(currency), [currency]);
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
        <DataTable
          class="fleet"
          caption={`Devices, ${rows.length} shown, sorted by ${SORTS.find(([k]) => k === sort)?.[1]}`}
          columns={columns}
          rows={rows}
          rowKey={(d) => d.device_id}
          rowAttrs={(d) => ({ 'data-device-id': d.device_id, class: `row-${d.status}` })}
          sortedBy={{ key: sort, desc }}
          labelCells
          keepHeadWhenEmpty
          empty={
            data.devices.length ? (
              'No device matches.'
            ) : (
              <>
                No devices yet. <a href="/settings#add-device">Add a device</a>.
              </>
            )
          }
        />
      )}
      {!data && fleet.loading && <p class="muted">Loading…</p>}
    </>
  );
}
