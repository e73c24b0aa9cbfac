import { WORKLOAD_NETWORKS, type Workload, type WorkloadNetwork } from '@nodetally/shared';
import type { Logger } from 'pino';
import type { AgentConfig } from '../../config.js';
import type { Collector, SampleFields } from '../types.js';
import { createAkashReader } from './akash/index.js';
import { listContainers } from './detect/docker.js';
import { detectNetwork, type RunningSet } from './detect/index.js';
import { listProcesses } from './detect/procs.js';
import { createFilecoinReader } from './filecoin/index.js';
import { createFluxReader } from './flux/index.js';
import { createHeliumReader } from './helium/index.js';
import { createNosanaReader } from './nosana/index.js';
import { createThetaReader } from './theta/index.js';
import type { NetworkReader } from './types.js';

export type WorkloadsConfig = Pick<
  AgentConfig,
  | 'workloadsTimeoutMs'
  | 'workloadsRediscoverS'
  | 'fluxApiUrl'
  | 'heliumHotspotUrl'
  | 'heliumGatewayCommand'
  | 'heliumPktfwdLog'
  | 'akashProviderUrl'
  | 'thetaRpcUrl'
  | 'lotusMinerCommand'
  | 'lotusMinerIntervalS'
  | 'nosanaApiUrl'
  | 'dockerSocket'
  | 'procRoot'
>;

export function createReaders(config: WorkloadsConfig): NetworkReader[] {
  const timeoutMs = config.workloadsTimeoutMs;
  return [
    createFluxReader({ apiUrl: config.fluxApiUrl, timeoutMs }),
    createHeliumReader({
      hotspotUrl: config.heliumHotspotUrl,
      gatewayCommand: config.heliumGatewayCommand,
      pktfwdLog: config.heliumPktfwdLog,
      timeoutMs,
    }),
    createAkashReader({ providerUrl: config.akashProviderUrl, timeoutMs }),
    createThetaReader({ rpcUrl: config.thetaRpcUrl, timeoutMs }),
    createFilecoinReader({
      command: config.lotusMinerCommand,
      timeoutMs: Math.max(timeoutMs, 10_000),
      reuseMs: config.lotusMinerIntervalS * 1000,
    }),
    createNosanaReader({ apiUrl: config.nosanaApiUrl, timeoutMs }),
  ];
}

/**
 * Always on. A network is reported once it has been seen on the device, and from then on in every
 * sample (running:false when it stops), so the hub sees it go down. Networks never seen are omitted
 * and re-checked every `workloadsRediscoverS`, which keeps a sample on a bare machine to a few
 * refused localhost connections and one /proc scan.
 */
export function createWorkloadsCollector(
  config: WorkloadsConfig,
  log: Logger,
  readers: NetworkReader[] = createReaders(config),
  now: () => number = Date.now,
): Collector {
  const byNetwork = new Map(readers.map((r) => [r.network, r]));
  const seen = new Map<WorkloadNetwork, Workload['source']>();
  const lastError = new Map<WorkloadNetwork, string>();
  let lastDiscovery = Number.NEGATIVE_INFINITY;

  function logOnce(network: WorkloadNetwork, error: string | undefined) {
    if (error === undefined) lastError.delete(network);
    else if (lastError.get(network) !== error) {
      log.error({ collector: 'workloads', network, err: error }, 'workload read failed');
      lastError.set(network, error);
    }
  }

  async function readOne(network: WorkloadNetwork, running: () => Promise<RunningSet>) {
    const reader = byNetwork.get(network);
    const outcome = reader ? await reader.read() : ({ state: 'absent' } as const);
    if (outcome.state === 'found') {
      logOnce(network, outcome.error);
      return outcome.workload;
    }
    logOnce(network, undefined);
    const detected = detectNetwork(network, await running());
    if (detected) return { network, running: true, ...detected } as Workload;
    const source = seen.get(network);
    return source ? ({ network, running: false, source } as Workload) : null;
  }

  async function collectWorkloads(): Promise<Workload[]> {
    const discover = now() - lastDiscovery >= config.workloadsRediscoverS * 1000;
    if (discover) lastDiscovery = now();
    const networks = WORKLOAD_NETWORKS.filter((n) => discover || seen.has(n));
    let runningSet: Promise<RunningSet> | undefined;
    // Listed at most once per sample, and only when some network needs detection.
    const running = () => {
      runningSet ??= (async () => {
        const containers = await listContainers(config.dockerSocket, config.workloadsTimeoutMs);
        return { containers, processes: await listProcesses(config.procRoot) };
      })();
      return runningSet;
    };
    const found = await Promise.all(networks.map((n) => readOne(n, running)));
    const workloads = found.filter((w): w is Workload => w !== null);
    for (const w of workloads) if (w.running || !seen.has(w.network)) seen.set(w.network, w.source);
    return workloads;
  }

  return {
    id: 'workloads',
    async probe() {
      const found = await collectWorkloads();
      if (found.length > 0) log.info({ workloads: found.map((w) => w.network) }, 'workloads found');
      return { ok: true };
    },
    async collect(): Promise<Partial<SampleFields>> {
      return { workloads: await collectWorkloads() };
    },
  };
}
