import type { FleetDeviceEarnings } from '../../earnings-service/service.js';
import type { DeviceState } from '../device-view.js';
import type { FleetDeviceRow } from './device-rows.js';

export type FleetSort = 'net_today' | 'net_month' | 'name' | 'status' | 'uptime';

export interface FleetQuery {
  q?: string;
  status?: DeviceState;
  network?: string;
  sort: FleetSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface FleetContext {
  now: number;
  offlineAfterIntervals: number;
  earnings: ReadonlyMap<string, FleetDeviceEarnings>;
  alerts: ReadonlyMap<string, number>;
}

/** The same rule as `deviceState` (device-view.ts), on a fleet row. */
export function rowState(row: FleetDeviceRow, now: number, offlineAfterIntervals: number): DeviceState {
  const stale = now - row.last_seen_ms > offlineAfterIntervals * row.interval_ms;
  if (row.status === 'offline' || (stale && row.has_sample)) return 'offline';
  if (!row.has_sample) return row.status;
  return 'online';
}

const STATUS_RANK: Record<DeviceState, number> = { offline: 0, unknown: 1, online: 2 };

interface Candidate {
  row: FleetDeviceRow;
  state: DeviceState;
  earnings: FleetDeviceEarnings | undefined;
}

/** Sort key of a row; null sorts last in either order. */
function keyOf(sort: FleetSort, ctx: FleetContext): (row: FleetDeviceRow) => number | string | null {
  const earnings = (row: FleetDeviceRow) => ctx.earnings.get(row.device_id);
  switch (sort) {
    case 'net_today':
      return (row) => {
        const e = earnings(row);
        return e ? Number(e.today.net) : null;
      };
    case 'net_month':
      return (row) => {
        const e = earnings(row);
        return e ? Number(e.month_to_date.net) : null;
      };
    case 'uptime':
      return (row) => earnings(row)?.uptime_pct_7d ?? null;
    case 'status':
      return (row) => STATUS_RANK[rowState(row, ctx.now, ctx.offlineAfterIntervals)];
    case 'name':
      return (row) => (row.name ?? row.device_id).toLowerCase();
  }
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every row in the order of a sort (ties and nulls: by device id, nulls last). */
export function sortRows(
  rows: readonly FleetDeviceRow[],
  sort: FleetSort,
  order: 'asc' | 'desc',
  ctx: FleetContext,
): FleetDeviceRow[] {
  const key = keyOf(sort, ctx);
  const sign = order === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, k: key(row) }));
  keyed.sort((x, y) => {
    if (x.k === null || y.k === null) {
      if (x.k !== y.k) return x.k === null ? 1 : -1;
    } else {
      const c = compare(x.k, y.k);
      if (c !== 0) return sign * c;
    }
    return x.row.device_id < y.row.device_id ? -1 : 1;
  });
  return keyed.map((x) => x.row);
}

/**
 * Sorted orders of the row list, kept while the list (reloads replace the array) and the earnings
 * snapshot stay the same: device events patch load and status, never names or money, so the orders
 * by name, money and uptime survive them. The status order is kept for at most a second and until
 * a row changes.
 */
export class SortedOrders {
  private readonly kept = new Map<
    string,
    { rows: unknown; earnings: unknown; tick: string; sorted: FleetDeviceRow[] }
  >();

  /** `version` changes with every patched row; it (and the second) only matters to the status order. */
  get(
    rows: readonly FleetDeviceRow[],
    query: FleetQuery,
    ctx: FleetContext,
    version: number,
  ): FleetDeviceRow[] {
    const id = `${query.sort}:${query.order}`;
    const tick = query.sort === 'status' ? `${version}:${Math.floor(ctx.now / 1000)}` : '';
    const hit = this.kept.get(id);
    if (hit && hit.rows === rows && hit.earnings === ctx.earnings && hit.tick === tick) return hit.sorted;
    const sorted = sortRows(rows, query.sort, query.order, ctx);
    this.kept.set(id, { rows, earnings: ctx.earnings, tick, sorted });
    return sorted;
  }
}

/**
 * Filters and pages the fleet: one pass over the rows in sorted order, with no store access (the
 * rows, earnings and alert counts come from caches).
 */
export function queryFleet(sorted: readonly FleetDeviceRow[], query: FleetQuery, ctx: FleetContext) {
  const q = query.q?.trim().toLowerCase();
  const counts = { online: 0, offline: 0, unknown: 0 };
  const page: Candidate[] = [];
  let total = 0;
  for (const row of sorted) {
    const state = rowState(row, ctx.now, ctx.offlineAfterIntervals);
    counts[state]++;
    if (query.status && state !== query.status) continue;
    if (q && !row.search.includes(q)) continue;
    if (query.network && !row.networks.includes(query.network)) continue;
    if (total >= query.offset && page.length < query.limit)
      page.push({ row, state, earnings: ctx.earnings.get(row.device_id) });
    total++;
  }
  return { total, counts, devices: page.map((c) => toView(c, ctx)) };
}

function toView({ row, state, earnings }: Candidate, ctx: FleetContext) {
  return {
    device_id: row.device_id,
    name: row.name,
    status: state,
    last_seen_ms: row.last_seen_ms,
    networks: row.networks,
    cpu_pct: row.summary?.cpu_pct ?? null,
    gpu_util_pct: row.summary?.gpu_util_pct ?? null,
    power_w: row.summary?.power_w ?? null,
    today: earnings?.today ?? null,
    month_to_date: earnings?.month_to_date ?? null,
    projected_month_net: earnings?.projected_month_net ?? null,
    net_by_day: earnings?.net_by_day ?? [],
    uptime_pct_7d: earnings?.uptime_pct_7d ?? null,
    flags: earnings?.flags ?? [],
    change: earnings?.change ?? null,
    active_alerts: ctx.alerts.get(row.device_id) ?? 0,
  };
}
