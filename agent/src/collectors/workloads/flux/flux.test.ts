import { afterEach, describe, expect, it } from 'vitest';
import { deadUrl, type ReplayServer, startReplayServer, testdata } from '../testing/replay-server.js';
import { createFluxReader } from './index.js';
import { parseBenchmarks, parseBenchStatus } from './parse.js';

const here = new URL('./', import.meta.url);

/**
 * The 2020 captures are `zelbench-cli` output inside a markdown admonition (see .source.txt):
 * drop the title line, the 4-space indent, the &#8199; padding and the trailing spaces.
 */
function benchJson(name: string): unknown {
  const lines = testdata(here, name).toString('utf8').split('\n').slice(1);
  return JSON.parse(lines.map((l) => l.replace(/^ {4}/, '').replaceAll('&#8199;', '').trimEnd()).join('\n'));
}

/** FluxOS answers `{status:'success', data}` (ZelBack messageHelper.createDataMessage). */
const envelope = (data: unknown) => JSON.stringify({ status: 'success', data });

describe('flux parsers on the 2020 fluxbench captures', () => {
  it('getstatus', () => {
    expect(parseBenchStatus(benchJson('flux-zelbench-getstatus-2020.txt') as never)).toEqual({
      bench_status: 'online',
      bench_result: 'BAMF',
      flux_connected: true,
    });
  });

  it('getbenchmarks: legacy ssd + hdd and ddwrite', () => {
    expect(parseBenchmarks(benchJson('flux-zelbench-getbenchmarks-2020.txt') as never)).toEqual({
      tier: 'BAMF',
      bench_cores: 8,
      bench_ram_gb: 32,
      bench_disk_gb: 4711.2998046875,
      bench_disk_write_mb_s: 517.530029296875,
      bench_eps: 1057.89794921875,
      bench_download_mbps: null,
      bench_upload_mbps: null,
      bench_at_ms: 1586302461000,
    });
  });
});

describe('flux reader against a local FluxOS', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => server?.close());

  it('reads status, benchmarks and node status through the success envelope', async () => {
    server = await startReplayServer({
      '/benchmark/getstatus': { body: envelope(benchJson('flux-zelbench-getstatus-2020.txt')) },
      '/benchmark/getbenchmarks': { body: envelope(benchJson('flux-zelbench-getbenchmarks-2020.txt')) },
      // No capture of getfluxnodestatus was found; these two keys are the ones FluxOS itself reads.
      '/daemon/getfluxnodestatus': {
        body: envelope({ status: 'CONFIRMED', last_confirmed_height: 1500000 }),
      },
    });
    const outcome = await createFluxReader({ apiUrl: server.url, timeoutMs: 2000 }).read();
    expect(outcome).toEqual({
      state: 'found',
      workload: {
        network: 'flux',
        running: true,
        source: 'api',
        node_status: 'CONFIRMED',
        last_confirmed_height: 1500000,
        bench_status: 'online',
        bench_result: 'BAMF',
        flux_connected: true,
        tier: 'BAMF',
        bench_cores: 8,
        bench_ram_gb: 32,
        bench_disk_gb: 4711.2998046875,
        bench_disk_write_mb_s: 517.530029296875,
        bench_eps: 1057.89794921875,
        bench_download_mbps: null,
        bench_upload_mbps: null,
        bench_at_ms: 1586302461000,
      },
    });
  });

  it('an error envelope and a 500 give nulls and one error line', async () => {
    server = await startReplayServer({
      '/benchmark/getstatus': { body: JSON.stringify({ status: 'error', data: { message: 'bench down' } }) },
      '/benchmark/getbenchmarks': { status: 500, body: 'Internal Server Error' },
      '/daemon/getfluxnodestatus': { body: 'not json' },
    });
    const outcome = await createFluxReader({ apiUrl: server.url, timeoutMs: 2000 }).read();
    expect(outcome.state).toBe('found');
    if (outcome.state !== 'found') return;
    expect(outcome.workload).toMatchObject({
      running: true,
      tier: null,
      bench_status: null,
      node_status: null,
    });
    expect(outcome.error).toBe(
      '/daemon/getfluxnodestatus: response is not JSON; /benchmark/getstatus: not a FluxOS success envelope; /benchmark/getbenchmarks: HTTP 500',
    );
  });

  it('a hanging FluxOS is not running', async () => {
    server = await startReplayServer({
      '/benchmark/getstatus': { body: '', hang: true },
      '/benchmark/getbenchmarks': { body: '', hang: true },
      '/daemon/getfluxnodestatus': { body: '', hang: true },
    });
    const outcome = await createFluxReader({ apiUrl: server.url, timeoutMs: 150 }).read();
    expect(outcome).toMatchObject({ state: 'found', workload: { running: false } });
  });

  it('nothing listening is absent', async () => {
    expect(await createFluxReader({ apiUrl: await deadUrl(), timeoutMs: 2000 }).read()).toEqual({
      state: 'absent',
    });
  });
});
