import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { EarningsSettings } from './earnings/config-schema.js';
import type { IngestCounters } from './ingest/counters.js';
import type { Store } from './store/types.js';
import { type AlertRouteOptions, registerAlertRoutes } from './web/routes/alerts.js';
import { registerDeviceRoutes } from './web/routes/devices.js';
import { registerEarningsRoutes } from './web/routes/earnings.js';
import { registerEnrollRoutes } from './web/routes/enroll.js';
import { registerHealthRoutes } from './web/routes/health.js';
import { type AgentMqtt, registerInstallRoutes } from './web/routes/install.js';
import { registerMetricsRoutes } from './web/routes/metrics.js';
import { registerPageRoutes } from './web/routes/page.js';
import { registerRewardRoutes } from './web/routes/rewards.js';

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
  /** The alert service and the admin token of the mutating alert routes. */
  alerts?: AlertRouteOptions;
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
  const offlineAfter = options.offlineAfterIntervals ?? 3;
  registerHealthRoutes(app, options.counters);
  registerDeviceRoutes(app, options.store, offlineAfter);
  registerPageRoutes(app, options.store, offlineAfter);
  registerEnrollRoutes(app, options.store);
  registerInstallRoutes(app, options.agentMqtt);
  registerMetricsRoutes(app, options.counters);
  registerRewardRoutes(app, options.store);
  registerEarningsRoutes(app, options.store, options.earnings);
  registerAlertRoutes(app, options.store, options.alerts);
  return app;
}
