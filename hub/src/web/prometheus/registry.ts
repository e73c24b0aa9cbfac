import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import type { EarningsService } from '../../earnings-service/service.js';
import type { IngestCounters } from '../../ingest/counters.js';
import type { Store } from '../../store/types.js';
import { registerDeviceMetrics } from './devices.js';
import { registerEarningsMetrics } from './earnings.js';
import { registerIngestMetrics } from './ingest.js';
import { registerSourceMetrics } from './sources.js';

export interface HubMetricsOptions {
  counters: IngestCounters;
  store: Store;
  offlineAfterIntervals: number;
  earnings?: Pick<EarningsService, 'snapshot'> | undefined;
  now?: () => number;
}

export interface HubMetrics {
  registry: Registry;
  /** The exposition text; store-backed series are read fresh for each scrape. */
  scrape(): Promise<string>;
}

/**
 * One registry per app (never prom-client's global one), so several hubs in one process — tests —
 * keep their numbers apart. Process and Node.js runtime metrics come from collectDefaultMetrics.
 */
export function createHubMetrics(options: HubMetricsOptions): HubMetrics {
  const now = options.now ?? Date.now;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client names three gauges `nodejs_active_*_total`, which promtool flags (a gauge must not
  // end in _total). They are the sums of `nodejs_active_handles` etc. by type, so nothing is lost.
  for (const metric of registry.getMetricsAsArray()) {
    if (metric.name.endsWith('_total') && !(metric instanceof Counter))
      registry.removeSingleMetric(metric.name);
  }
  registerIngestMetrics(registry, options.counters);
  const updateDevices = registerDeviceMetrics(registry);
  const updateEarnings = registerEarningsMetrics(registry);
  const updateSources = registerSourceMetrics(registry);

  const collect = async () => {
    const { store } = options;
    const [devices, states, accounts, alertState] = await Promise.all([
      store.listDevices(),
      store.listSyncStates(),
      store.listRewardAccounts(),
      store.getAlertState(),
    ]);
    const nowMs = now();
    updateDevices(devices, nowMs, options.offlineAfterIntervals);
    updateSources(states, accounts, alertState, nowMs);
    updateEarnings(options.earnings?.snapshot() ?? null);
    return registry.metrics();
  };
  // Scrapes run one after another: each resets and refills the gauges before reading them.
  let last: Promise<unknown> = Promise.resolve();
  const scrape = () => {
    const next = last.then(collect, collect);
    last = next.catch(() => undefined);
    return next;
  };
  return { registry, scrape };
}
