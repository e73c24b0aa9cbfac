import { afterEach, describe, expect, it } from 'vitest';
import { deadUrl, type ReplayServer, startReplayServer, testdata } from '../testing/replay-server.js';
import { createAkashReader } from './index.js';

const here = new URL('./', import.meta.url);

const NULLS = {
  provider_hostname: null,
  leases: null,
  bid_orders: null,
  manifest_deployments: null,
  active_cpu_millicores: null,
  active_memory_bytes: null,
  active_storage_bytes: null,
  available_cpu_millicores: null,
  available_memory_bytes: null,
  available_storage_bytes: null,
};

describe('akash reader', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => server?.close());

  it('akash-provider-status.json: sums active and available inventory', async () => {
    server = await startReplayServer({
      'GET /status': { body: testdata(here, 'akash-provider-status.json') },
    });
    expect(await createAkashReader({ providerUrl: server.url, timeoutMs: 2000 }).read()).toEqual({
      state: 'found',
      workload: {
        network: 'akash',
        running: true,
        source: 'api',
        provider_hostname: 'provider.bigtractorplotting.com',
        leases: 3,
        bid_orders: 0,
        manifest_deployments: 0,
        active_cpu_millicores: 116000,
        active_memory_bytes: 468151435264,
        active_storage_bytes: 8367289016320,
        available_cpu_millicores: 360600,
        available_memory_bytes: 1430426099712,
        available_storage_bytes: 22675715374500,
      },
    });
  });

  it.each([
    ['HTTP 500', { status: 500, body: 'oops' }, true, 'GET /status: HTTP 500'],
    ['garbage', { body: '<html>' }, true, 'GET /status: response is not JSON'],
    ['other JSON', { body: '{"ok":true}' }, true, 'GET /status: unexpected response shape'],
    ['a hang', { body: '', hang: true }, false, 'GET /status: timed out'],
  ])('%s gives nulls and an error', async (_name, route, running, error) => {
    server = await startReplayServer({ '/status': route });
    expect(await createAkashReader({ providerUrl: server.url, timeoutMs: 150 }).read()).toEqual({
      state: 'found',
      workload: { network: 'akash', running, source: 'api', ...NULLS },
      error,
    });
  });

  it('nothing listening is absent', async () => {
    expect(await createAkashReader({ providerUrl: await deadUrl(), timeoutMs: 500 }).read()).toEqual({
      state: 'absent',
    });
  });
});
