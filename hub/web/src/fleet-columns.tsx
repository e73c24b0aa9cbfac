import type { Column } from './components/DataTable.js';
import { Sparkline } from './components/Sparkline.js';
import { StatusBadge } from './components/Status.js';
import { ago, money, pct, tone } from './format.js';
import type { FleetDevice } from './types.js';

/** The fleet table's columns; a key that is also a fleet SortKey gets aria-sort when the page sorts by it. */
export function fleetColumns(currency: string): Array<Column<FleetDevice>> {
  return [
    {
      key: 'name',
      header: 'Device',
      rowHeader: true,
      cellClass: 'col-name',
      cell: (d) => (
        <>
          <a href={`/devices/${encodeURIComponent(d.device_id)}`}>{d.name ?? d.device_id}</a>
          <span class="sub">{d.device_id}</span>
        </>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      cell: (d) => (
        <>
          <StatusBadge status={d.status} />
          <span class="sub">{ago(d.last_seen_ms)}</span>
        </>
      ),
    },
    {
      key: 'networks',
      header: 'Networks',
      class: 'col-wide',
      cell: (d) =>
        d.networks.length ? (
          d.networks.map((n) => (
            <span class="chip" key={n}>
              {n}
            </span>
          ))
        ) : (
          <span class="muted">—</span>
        ),
    },
    {
      key: 'net_today',
      header: 'Today',
      align: 'num',
      cellClass: (d) => `money-${tone(d.today?.net)}`,
      cellAttrs: { 'data-net-today': true },
      cell: (d) => money(d.today?.net, currency),
    },
    {
      key: 'net_month',
      header: 'Month',
      align: 'num',
      cellClass: (d) => `money-${tone(d.month_to_date?.net)}`,
      cellAttrs: { 'data-net-month': true },
      cell: (d) => (
        <>
          {money(d.month_to_date?.net, currency)}
          {d.projected_month_net && <span class="sub">→ {money(d.projected_month_net, currency, 0)}</span>}
        </>
      ),
    },
    {
      key: 'net_by_day',
      header: '14 days',
      class: 'col-wide',
      cell: (d) => <Sparkline days={d.net_by_day} currency={currency} />,
    },
    {
      key: 'uptime',
      header: 'Uptime 7d',
      align: 'num',
      class: 'col-wide',
      cell: (d) => pct(d.uptime_pct_7d, 1),
    },
    {
      key: 'why',
      header: 'Why',
      cellClass: 'col-why',
      cell: (d) => (
        <>
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
        </>
      ),
    },
  ];
}
