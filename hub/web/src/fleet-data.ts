import { api } from './api.js';
import type { Fleet, FleetDevice } from './types.js';

/** The whole fleet (the page sorts and filters it itself, so typing in the search box costs no request). */
export const loadFleet = () => api<Fleet>('/api/v1/fleet?limit=1000');

export type SortKey = 'net_today' | 'net_month' | 'name' | 'status' | 'uptime';

const statusRank: Record<string, number> = { offline: 0, unknown: 1, online: 2 };
const num = (v: string | number | null | undefined) =>
  v === null || v === undefined ? -Infinity : Number(v);

export function filterAndSort(
  devices: FleetDevice[],
  opts: { q: string; status: string; network: string; sort: SortKey; desc: boolean },
): FleetDevice[] {
  const q = opts.q.trim().toLowerCase();
  const rows = devices.filter(
    (d) =>
      (!q || d.device_id.toLowerCase().includes(q) || (d.name ?? '').toLowerCase().includes(q)) &&
      (!opts.status || d.status === opts.status) &&
      (!opts.network || d.networks.includes(opts.network)),
  );
  const key = (d: FleetDevice): number | string => {
    switch (opts.sort) {
      case 'net_today':
        return num(d.today?.net);
      case 'net_month':
        return num(d.month_to_date?.net);
      case 'status':
        return statusRank[d.status] ?? 1;
      case 'uptime':
        return num(d.uptime_pct_7d);
      default:
        return (d.name ?? d.device_id).toLowerCase();
    }
  };
  rows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : 0;
    return opts.desc ? -c : c;
  });
  return rows;
}
