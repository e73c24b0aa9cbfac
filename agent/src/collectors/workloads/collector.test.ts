import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from '@nodetally/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildSample } from '../../sampler.js';
import { createWorkloadsCollector, type WorkloadsConfig } from './index.js';
import { fakeProc } from './testing/fake-proc.js';
import type { NetworkReader, ReadOutcome } from './types.js';

const config = (procRoot: string): WorkloadsConfig => ({
  workloadsTimeoutMs: 500,
  workloadsRediscoverS: 300,
  fluxApiUrl: 'http://127.0.0.1:1',
  heliumHotspotUrl: 'http://127.0.0.1:1',
  heliumGatewayCommand: '/nonexistent',
  heliumPktfwdLog: '',
  akashProviderUrl: 'http://127.0.0.1:1',
  thetaRpcUrl: 'http://127.0.0.1:1/rpc',
  lotusMinerCommand: '/nonexistent',
  lotusMinerIntervalS: 300,
  nosanaApiUrl: 'http://127.0.0.1:1',
  dockerSocket: join(mkdtempSync(join(tmpdir(), 'nt-nodocker-')), 'docker.sock'),
  procRoot,
});

function scripted(network: 'theta', outcomes: ReadOutcome[]): NetworkReader {
  return { network, read: async () => outcomes.shift() ?? { state: 'absent' } };
}

const theta = (running: boolean): Workload => ({
  network: 'theta',
  running,
  source: 'api',
  address: null,
  chain_id: 'mainnet',
  block_height: 1,
  node_time_ms: null,
});

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe('workloads collector', () => {
  it('omits networks never seen, keeps reporting one that stopped, and logs an error once', async () => {
    let clock = 0;
    const { log, lines } = capturingLogger();
    const reader = scripted('theta', [
      { state: 'found', workload: theta(true) },
      { state: 'found', workload: theta(true), error: 'edgecore.GetStatus: HTTP 500' },
      { state: 'found', workload: theta(true), error: 'edgecore.GetStatus: HTTP 500' },
      { state: 'absent' },
    ]);
    const root = fakeProc({ 1: ['systemd', ['/sbin/init']], 7: ['grass', ['/usr/bin/grass']] });
    const collector = createWorkloadsCollector(config(root), log, [reader], () => clock);
    expect(await collector.probe()).toEqual({ ok: true });
    clock = 15_000;
    const thetaOf = async () => (await collector.collect()).workloads?.find((w) => w.network === 'theta');
    expect(await thetaOf()).toEqual(theta(true));
    await collector.collect();
    expect(await thetaOf()).toEqual({ network: 'theta', running: false, source: 'api' });
    expect(lines.filter((l) => l.msg === 'workload read failed')).toHaveLength(1);

    // grass was seen at probe by its process, so it stays in every sample.
    const result = await collector.collect();
    expect(result.workloads).toContainEqual({
      network: 'grass',
      running: true,
      source: 'process',
      matched: 'grass',
    });
    expect(result.workloads?.map((w) => w.network)).toEqual(['theta', 'grass']);
  });

  it('every workload it emits passes the shared Sample schema', async () => {
    const root = fakeProc({ 7: ['fluxd', ['fluxd']], 8: ['lotus-miner', ['lotus-miner', 'run']] });
    const collector = createWorkloadsCollector(config(root), pino({ level: 'silent' }));
    await collector.probe();
    const { workloads } = await collector.collect();
    expect(workloads?.map((w) => w.network).sort()).toEqual(['filecoin', 'flux']);
    const base = {
      boot_id: 'b',
      uptime_s: 1,
      cpu_load_pct: null,
      load_avg_1m: null,
      load_avg_5m: null,
      load_avg_15m: null,
      mem_total_bytes: 1,
      mem_used_bytes: 1,
      mem_available_bytes: 1,
      swap_total_bytes: 0,
      swap_used_bytes: 0,
      disks: [],
      net: [],
    };
    expect(buildSample({ ...base, workloads }, 'dev-1', 1, 1_700_000_000_000).ok).toBe(true);
    const bad = [
      { network: 'flux', running: true, source: 'api', unknown_field: 1 },
    ] as unknown as Workload[];
    expect(buildSample({ ...base, workloads: bad }, 'dev-1', 1, 1_700_000_000_000).ok).toBe(false);
  });
});
