import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/types.js';
import type { HubEvents } from '../events.js';
import { registerAccountRoutes } from '../routes/accounts.js';
import { registerDeviceRewardRoutes } from '../routes/device-rewards.js';
import { registerEventRoutes } from '../routes/events.js';
import { registerFleetRoutes } from '../routes/fleet.js';
import { registerSeriesRoutes } from '../routes/series.js';
import type { FleetEarningsSource } from './earnings-snapshot.js';

export interface DashboardApiOptions {
  store: Store;
  offlineAfterIntervals: number;
  /** Live updates: the fleet cache follows them and `/api/v1/events` streams them (absent: no SSE route). */
  events?: HubEvents | undefined;
  earnings?: FleetEarningsSource | undefined;
}

/** The API of the web page: fleet, series, device rewards, accounts and live events. */
export function registerDashboardApi(app: FastifyInstance, options: DashboardApiOptions): void {
  const devices = registerFleetRoutes(app, {
    store: options.store,
    offlineAfterIntervals: options.offlineAfterIntervals,
    ...(options.events ? { events: options.events } : {}),
    ...(options.earnings ? { earnings: options.earnings } : {}),
  });
  registerSeriesRoutes(app, options.store, devices);
  registerDeviceRewardRoutes(app, options.store, devices);
  registerAccountRoutes(app, options.store, devices);
  if (options.events) registerEventRoutes(app, options.events);
}
