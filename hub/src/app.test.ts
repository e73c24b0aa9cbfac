import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Meta, Sample } from '@nodetally/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validSample } from '../../test/support/sample.js';
import { build } from './app.js';
import { IngestCounters } from './ingest/counters.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { Store } from './store/types.js';
import { testAuthHeaders } from './web/testing/auth.js';

const meta = (deviceId: string, hostname: string, intervalS = 15): Meta => ({
  v: 1,
  device_id: deviceId,
  ts: Date.now(),
  hostname,
  os: 'Debian GNU/Linux 12',
  kernel: '6.1.0',
  arch: 'arm64',
  cpu_model: 'Cortex-A72',
  cpu_cores: 4,
  mem_total_bytes: 4_000_000_000,
  agent_version: '0.1.0',
  interval_s: intervalS,
});

describe('HTTP app (fastify inject)', () => {
  let store: Store;
  let counters: IngestCounters;
  let app: ReturnType<typeof build>;
  let headers: Record<string, string>;
  const get = (url: string) => app.inject({ url, headers });

  beforeEach(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-app-')), 'db.sqlite'));
    counters = new IngestCounters();
    app = build({ store, counters });
    headers = await testAuthHeaders(store);
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('GET /healthz', async () => {
    const response = await app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /api/v1/devices is empty, then lists a device with its latest sample', async () => {
    expect((await get('/api/v1/devices')).json()).toEqual({ devices: [] });
    const now = Date.now();
    await store.insertSamples([
      { sample: validSample({ device_id: 'pi-1', seq: 9, ts: now }) as Sample, receivedMs: now },
    ]);
    await store.upsertMeta(meta('pi-1', 'helium-pi'), now);
    const body = (await get('/api/v1/devices')).json();
    expect(body.devices).toHaveLength(1);
    expect(body.devices[0]).toMatchObject({
      device_id: 'pi-1',
      state: 'online',
      last_seq: 9,
      meta: { hostname: 'helium-pi', interval_s: 15 },
      latest: { seq: 9, mem_total_bytes: 25_274_793_984 },
    });
  });

  it('a device silent for more than k intervals is offline even without a Last Will', async () => {
    const longAgo = Date.now() - 10 * 60_000;
    await store.insertSamples([
      { sample: validSample({ device_id: 'gone', seq: 1, ts: longAgo }) as Sample, receivedMs: longAgo },
    ]);
    await store.upsertMeta(meta('gone', 'gone', 60), longAgo);
    const body = (await get('/api/v1/devices')).json();
    expect(body.devices[0].state).toBe('offline');
  });

  it('GET /api/v1/ingest returns the counters', async () => {
    counters.received = 3;
    counters.rejected.schema = 2;
    expect((await get('/api/v1/ingest')).json()).toMatchObject({
      received_total: 3,
      rejected_total: 2,
      rejected_by_reason: { schema: 2, invalid_json: 0 },
    });
  });

  it('unknown routes are 404 JSON', async () => {
    expect((await get('/api/v1/nope')).statusCode).toBe(404);
  });
});
