import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { EarningsSettings } from './earnings/config-schema.js';
import type { EarningsService } from './earnings-service/service.js';
import type { IngestCounters } from './ingest/counters.js';
import type { Store } from './store/types.js';
import { type AuthOptions, registerAuth } from './web/auth/index.js';
import type { HubEvents } from './web/events.js';
import { registerDashboardApi } from './web/fleet/register.js';
import { registerOpenApi } from './web/openapi.js';
import { type AlertRouteOptions, registerAlertRoutes } from './web/routes/alerts.js';
import { registerAppShell } from './web/routes/app-shell.js';
import { registerDeviceRoutes } from './web/routes/devices.js';
import { registerEarningsRoutes } from './web/routes/earnings.js';
import { registerEnrollRoutes } from './web/routes/enroll.js';
import { registerEnrollTokenRoutes } from './web/routes/enroll-tokens.js';
import { registerHealthRoutes } from './web/routes/health.js';
import { type AgentMqtt, registerInstallRoutes } from './web/routes/install.js';
import { registerMetricsRoutes } from './web/routes/metrics.js';
import { registerRewardRoutes } from './web/routes/rewards.js';
import { registerSettingsRoutes } from './web/routes/settings.js';

export interface BuildOptions {
  store: Store;
  counters: IngestCounters;
  offlineAfterIntervals?: number;
  logger?: FastifyServerOptions['loggerInstance'];
  /** How agents installed from this hub reach its broker (written into install.sh). */
  agentMqtt?: AgentMqtt;
  /** Serve HTTPS with this certificate and key (PEM). */
  https?: { cert: Buffer; key: Buffer };
  /** Tariffs, fixed costs, hardware and splits of the earnings API (the hub passes its config). */
  earnings?: EarningsSettings;
  /** The running earnings service: its effective settings (config + saved) drive every earnings route. */
  earningsService?: EarningsService;
  /** The alert service behind the alert routes. */
  alerts?: AlertRouteOptions;
  /** Session lifetime and login rate limit (web/auth); every route but a few public ones needs a login. */
  auth?: AuthOptions;
  /** Live hub events: the fleet API's cache follows them, `GET /api/v1/events` streams them. */
  events?: HubEvents;
}

/** The HTTP app, without listening: tests drive it with `app.inject()`, server code calls listen. */
export function build(options: BuildOptions): FastifyInstance {
  // With `https` fastify types the instance for an https.Server; routes only use the common surface.
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    // One line per request would drown the ingest and alert logs on a busy hub.
    logController: new LogController({ disableRequestLogging: true }),
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
  }) as unknown as FastifyInstance;
  // First: its onRequest hook must see every route registered after it.
  registerAuth(app, options.store, { ...options.auth, https: options.https !== undefined });
  // Before any route: the OpenAPI document collects routes as they are declared.
  registerOpenApi(app);
  const offlineAfter = options.offlineAfterIntervals ?? 3;
  registerHealthRoutes(app, options.counters);
  registerDeviceRoutes(app, options.store, offlineAfter);
  registerAppShell(app);
  registerEnrollRoutes(app, options.store);
  registerEnrollTokenRoutes(app, options.store);
  registerInstallRoutes(app, options.agentMqtt);
  registerMetricsRoutes(app, {
    counters: options.counters,
    store: options.store,
    offlineAfterIntervals: offlineAfter,
    earnings: options.earningsService,
  });
  registerRewardRoutes(app, options.store);
  registerEarningsRoutes(app, options.store, options.earningsService ?? options.earnings);
  registerSettingsRoutes(app, options.earningsService, options.earnings);
  registerAlertRoutes(app, options.store, options.alerts);
  registerDashboardApi(app, {
    store: options.store,
    offlineAfterIntervals: offlineAfter,
    events: options.events,
    earnings: options.earningsService,
  });
  return app;
}
