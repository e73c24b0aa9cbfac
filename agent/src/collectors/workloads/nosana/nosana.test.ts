import { afterEach, describe, expect, it } from 'vitest';
import { deadUrl, type ReplayServer, startReplayServer } from '../testing/replay-server.js';
import { createNosanaReader } from './index.js';

/**
 * No captured /node/info response was found. This body follows nosana-cli's source
 * (src/services/NodeManager/node/api/routes/get/node-info.ts and monitoring/state/NodeState.ts:
 * `{...info, state}` with info `{node, uptime: Date}`, plus `info` specs); it is not a capture.
 */
const BODY = JSON.stringify({
  node: '5ZkTkcnvqPnBH1yK8HJkgsSkfm9kGWvPWTFQQq2ELHAs',
  uptime: '2025-01-01T00:00:00.000Z',
  state: 'QUEUED',
  info: { gpus: { devices: [] } },
});

describe('nosana reader', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => server?.close());

  it('reads node, state and uptime from /node/info', async () => {
    server = await startReplayServer({ 'GET /node/info': { body: BODY } });
    const now = () => Date.parse('2025-01-01T01:00:00.000Z');
    expect(await createNosanaReader({ apiUrl: server.url, timeoutMs: 2000, now }).read()).toEqual({
      state: 'found',
      workload: {
        network: 'nosana',
        running: true,
        source: 'api',
        node_address: '5ZkTkcnvqPnBH1yK8HJkgsSkfm9kGWvPWTFQQq2ELHAs',
        node_state: 'QUEUED',
        node_uptime_s: 3600,
      },
    });
  });

  it('garbage gives nulls; nothing listening is absent', async () => {
    server = await startReplayServer({ '/node/info': { body: '[]' } });
    expect(await createNosanaReader({ apiUrl: server.url, timeoutMs: 2000 }).read()).toMatchObject({
      state: 'found',
      workload: { running: true, node_address: null, node_state: null, node_uptime_s: null },
      error: 'GET /node/info: unexpected response shape',
    });
    expect(await createNosanaReader({ apiUrl: await deadUrl(), timeoutMs: 500 }).read()).toEqual({
      state: 'absent',
    });
  });
});
