import { afterEach, describe, expect, it } from 'vitest';
import { deadUrl, type ReplayServer, startReplayServer, testdata } from '../testing/replay-server.js';
import { createThetaReader } from './index.js';

const here = new URL('./', import.meta.url);

describe('theta reader', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => server?.close());

  it('theta-edgecore-getstatus.json over JSON-RPC', async () => {
    server = await startReplayServer({
      'POST /rpc': { body: testdata(here, 'theta-edgecore-getstatus.json') },
    });
    const outcome = await createThetaReader({ rpcUrl: `${server.url}/rpc`, timeoutMs: 2000 }).read();
    expect(outcome).toEqual({
      state: 'found',
      workload: {
        network: 'theta',
        running: true,
        source: 'api',
        address: '0x095f9CF353a4e2B8CD1f876cd8990d42bEcf6455',
        chain_id: 'mainnet',
        block_height: 25223860,
        node_time_ms: 1715637778000,
      },
    });
    expect(server.requests).toEqual([
      'POST /rpc {"jsonrpc":"2.0","method":"edgecore.GetStatus","params":[],"id":1}',
    ]);
  });

  it('a JSON-RPC error gives nulls and an error; nothing listening is absent', async () => {
    server = await startReplayServer({
      'POST /rpc': { body: '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"method not found"}}' },
    });
    expect(await createThetaReader({ rpcUrl: `${server.url}/rpc`, timeoutMs: 2000 }).read()).toEqual({
      state: 'found',
      workload: {
        network: 'theta',
        running: true,
        source: 'api',
        address: null,
        chain_id: null,
        block_height: null,
        node_time_ms: null,
      },
      error: 'edgecore.GetStatus: unexpected response shape',
    });
    expect(await createThetaReader({ rpcUrl: `${await deadUrl()}/rpc`, timeoutMs: 500 }).read()).toEqual({
      state: 'absent',
    });
  });
});
