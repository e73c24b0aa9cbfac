import type { FluxWorkload } from '@nodetally/shared';
import { httpJson, type JsonResult } from '../http.js';
import type { NetworkReader, ReadOutcome } from '../types.js';
import { parseBenchmarks, parseBenchStatus, parseNodeStatus, unwrapFluxData } from './parse.js';

export interface FluxOptions {
  apiUrl: string;
  timeoutMs: number;
}

const ROUTES = {
  status: '/benchmark/getstatus',
  benchmarks: '/benchmark/getbenchmarks',
  node: '/daemon/getfluxnodestatus',
} as const;

/** FluxOS public API routes (ZelBack/src/routes.js); all three are cached by FluxOS for 30–60 s. */
export function createFluxReader(options: FluxOptions): NetworkReader {
  const get = (path: string) =>
    httpJson(new URL(path, options.apiUrl).href, { timeoutMs: options.timeoutMs });
  return {
    network: 'flux',
    async read(): Promise<ReadOutcome> {
      const [status, benchmarks, node] = await Promise.all([
        get(ROUTES.status),
        get(ROUTES.benchmarks),
        get(ROUTES.node),
      ]);
      const results: [string, JsonResult][] = [
        [ROUTES.status, status],
        [ROUTES.benchmarks, benchmarks],
        [ROUTES.node, node],
      ];
      if (results.every(([, r]) => r.kind === 'absent')) return { state: 'absent' };
      const problems: string[] = [];
      const data = (path: string, result: JsonResult) => {
        if (result.kind !== 'ok') {
          problems.push(`${path}: ${result.reason}`);
          return null;
        }
        const unwrapped = unwrapFluxData(result.json);
        if (!unwrapped) problems.push(`${path}: not a FluxOS success envelope`);
        return unwrapped;
      };
      const workload: FluxWorkload = {
        network: 'flux',
        // FluxOS answering at all is what "running" means; a failing benchmark shows in bench_*.
        running: results.some(([, r]) => r.kind === 'ok'),
        source: 'api',
        ...parseNodeStatus(data(ROUTES.node, node)),
        ...parseBenchStatus(data(ROUTES.status, status)),
        ...parseBenchmarks(data(ROUTES.benchmarks, benchmarks)),
      };
      return problems.length > 0
        ? { state: 'found', workload, error: problems.join('; ') }
        : { state: 'found', workload };
    },
  };
}
