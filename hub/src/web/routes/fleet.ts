import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/types.js';
import type { HubEvents } from '../events.js';
import { ActiveAlertCounts } from '../fleet/alert-counts.js';
import { FleetDeviceRows } from '../fleet/device-rows.js';
import { EarningsIndex, type FleetEarningsSource } from '../fleet/earnings-snapshot.js';
import { queryFleet, SortedOrders } from '../fleet/fleet-query.js';
import { FleetQuery, FleetView } from './fleet-schemas.js';

export interface FleetRouteOptions {
  store: Store;
  offlineAfterIntervals: number;
  events?: HubEvents;
  earnings?: FleetEarningsSource;
}

/** `GET /api/v1/fleet`; returns the device-row cache so other routes can invalidate it. */
export function registerFleetRoutes(app: FastifyInstance, options: FleetRouteOptions): FleetDeviceRows {
  const rows = new FleetDeviceRows(options.store, options.events);
  const alerts = new ActiveAlertCounts(options.store, options.events);
  const earnings = new EarningsIndex(options.earnings);
  const orders = new SortedOrders();
  app.addHook('onClose', async () => {
    rows.close();
    alerts.close();
  });

  app.get(
    '/api/v1/fleet',
    {
      schema: {
        tags: ['fleet'],
        summary: 'Fleet overview: every device with status, load, earnings and alerts; filtered and paged',
        querystring: FleetQuery,
        response: { 200: FleetView },
      },
    },
    async (request) => {
      const query = request.query as typeof FleetQuery.static;
      const [list, alertCounts] = await Promise.all([rows.list(), alerts.get()]);
      const { snapshot, byDevice } = earnings.current();
      const ascending = query.sort === 'name' || query.sort === 'status';
      const fleetQuery = { ...query, order: query.order ?? (ascending ? 'asc' : 'desc') } as const;
      const ctx = {
        now: Date.now(),
        offlineAfterIntervals: options.offlineAfterIntervals,
        earnings: byDevice,
        alerts: alertCounts,
      };
      const result = queryFleet(orders.get(list, fleetQuery, ctx, rows.version), fleetQuery, ctx);
      return {
        computed_ms: snapshot?.computed_ms ?? null,
        currency: snapshot?.currency ?? null,
        totals: snapshot?.totals ?? null,
        ...result,
      };
    },
  );
  return rows;
}
