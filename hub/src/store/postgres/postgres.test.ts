import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import mqtt from 'mqtt';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../../../test/support/postgres.js';
import { validSample } from '../../../../test/support/sample.js';
import { hubConfig } from '../../config.js';
import { addDeviceCredential, type IssuedCredential } from '../../devices/credentials.js';
import { startHub } from '../../hub.js';
import { storeContract } from '../testing/contract.js';
import { parseBigint } from './db.js';
import { openPostgresStore } from './index.js';
import { MIGRATIONS } from './migrations.js';

// One real server for the file; every store gets a schema of its own, so each test starts empty.
let server: TestPostgres;
let schemas = 0;
const freshSchema = () => `t_${process.pid}_${++schemas}`;
const open = (schema = freshSchema()) => openPostgresStore({ connectionString: server.url, schema });

beforeAll(async () => {
  server = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

storeContract('postgres', () => open());

const sample = (deviceId: string, seq: number) =>
  validSample({ device_id: deviceId, seq, ts: Date.UTC(2026, 10, 23, 12) + seq }) as Sample;

describe('postgres specifics', () => {
  const query = async (sql: string, schema?: string) => {
    const client = new pg.Client({
      connectionString: server.url,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('records the schema version and refuses a database written by a newer hub', async () => {
    const schema = freshSchema();
    await (await open(schema)).close();
    expect(await query('SELECT version FROM schema_version', schema)).toEqual([
      { version: MIGRATIONS.length },
    ]);
    await (await open(schema)).close(); // reopening migrates nothing
    await query(`UPDATE ${schema}.schema_version SET version = ${MIGRATIONS.length + 1}`);
    await expect(open(schema)).rejects.toThrow(/newer than this hub/);
  });

  it('keeps seqs and timestamps beyond 32 bits as exact JS numbers, and refuses unsafe ones', async () => {
    const store = await open();
    const seq = 2 ** 40 + 7;
    const result = await store.insertSamples([
      { sample: sample('big', seq), receivedMs: Date.UTC(2026, 10, 23) },
    ]);
    expect(result.storedUpToSeq.get('big')).toBe(seq);
    const [device] = await store.listDevices();
    expect(device).toMatchObject({ last_seq: seq, last_seen_ms: Date.UTC(2026, 10, 23) });
    expect(await store.contiguousThrough('big', seq, seq + 5)).toBe(seq);
    await store.close();
    expect(parseBigint('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseBigint('9007199254740993')).toThrow(/safe integers/);
  });

  it('two hub workers writing the same stream concurrently store each sample once', async () => {
    const schema = freshSchema();
    const [a, b] = [await open(schema), await open(schema)];
    const devices = ['d1', 'd2', 'd3'];
    const batch = (from: number) =>
      devices.flatMap((d) =>
        Array.from({ length: 50 }, (_, i) => ({ sample: sample(d, from + i), receivedMs: 1 })),
      );
    // Overlapping batches in opposite orders: redelivery to both workers, lock order differing per call.
    const results = await Promise.all([
      a.insertSamples(batch(1)),
      b.insertSamples(batch(26).reverse()),
      a.insertSamples(batch(26)),
      b.insertSamples(batch(1).reverse()),
    ]);
    const inserted = results.reduce((sum, r) => sum + r.inserted, 0);
    const duplicates = results.reduce((sum, r) => sum + r.duplicates, 0);
    expect(inserted).toBe(3 * 75);
    expect(inserted + duplicates).toBe(4 * 150);
    for (const d of devices) {
      expect(await a.countSamples(d)).toBe(75);
      expect(await b.contiguousThrough(d, 1, 1000)).toBe(75);
    }
    expect((await b.listDevices()).map((d) => d.last_seq)).toEqual([75, 75, 75]);
    await Promise.all([a.close(), b.close()]);
  });

  it('a batch with two copies of one (device, seq) stores it once, as SQLite does', async () => {
    const store = await open();
    const other = { ...sample('dup', 1), ts: sample('dup', 1).ts + 1 };
    const result = await store.insertSamples([
      { sample: sample('dup', 1), receivedMs: 1 },
      { sample: sample('dup', 1), receivedMs: 2 },
      { sample: other, receivedMs: 3 },
    ]);
    expect(result).toMatchObject({ inserted: 1, duplicates: 1, reused: [{ device_id: 'dup', seq: 1 }] });
    expect(await store.countSamples('dup')).toBe(1);
    await store.close();
  });
});

describe('the hub on PostgreSQL (databaseUrl)', () => {
  it('authenticates a device from PostgreSQL, stores its QoS 1 sample there and acks it', async () => {
    const admin = new pg.Client({ connectionString: server.urlOf('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE hub_e2e');
    await admin.end();
    const config = hubConfig({
      databaseUrl: server.urlOf('hub_e2e'),
      dataDir: mkdtempSync(join(tmpdir(), 'nt-hub-pg-')),
      httpPort: 0,
      mqttPort: 0,
      logLevel: 'silent',
    });
    const hub = await startHub(config, pino({ level: 'silent' }));
    try {
      const cred = (await addDeviceCredential(hub.store, 'PG rig')) as IssuedCredential;
      const client = await mqtt.connectAsync(hub.mqttUrl, {
        username: cred.device_id,
        password: cred.token,
        reconnectPeriod: 0,
      });
      const acked = new Promise<unknown>((resolve) =>
        client.on('message', (_t, payload) => resolve(JSON.parse(String(payload)))),
      );
      await client.subscribeAsync(`nodetally/v1/${cred.device_id}/ack`, { qos: 1 });
      const payload = validSample({ device_id: cred.device_id, seq: 3, ts: Date.now() });
      await client.publishAsync(`nodetally/v1/${cred.device_id}/samples`, JSON.stringify(payload), {
        qos: 1,
      });
      expect(await acked).toEqual({ v: 1, up_to_seq: 3 });
      await client.endAsync();
      const reader = new pg.Client({ connectionString: server.urlOf('hub_e2e') });
      await reader.connect();
      const { rows } = await reader.query('SELECT device_id, seq::int AS seq FROM samples');
      await reader.end();
      expect(rows).toEqual([{ device_id: cred.device_id, seq: 3 }]);
    } finally {
      await hub.close();
    }
  });
});
