import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../../../test/support/postgres.js';
import { expectUpgradedEarningsHours, oldDatabaseRows } from '../testing/earnings-migration.js';
import { openPostgresStore } from './index.js';
import { MIGRATIONS } from './migrations.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('postgres migration to earnings hours', () => {
  it('derives old hours from hour rows and recomputes raw hours exactly', async () => {
    const schema = `earnings_mig_${process.pid}`;
    const version = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE earnings_hours'));
    const data = oldDatabaseRows();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
      for (const m of MIGRATIONS.slice(0, version)) await client.query(m);
      await client.query('CREATE TABLE schema_version (version INTEGER NOT NULL)');
      await client.query('INSERT INTO schema_version VALUES ($1)', [version]);
      for (const r of data.hourRows)
        await client.query('INSERT INTO hour_rollups (device_id, hour_ms, data) VALUES ($1, $2, $3)', [...r]);
      for (const s of data.rawSamples)
        await client.query(
          `INSERT INTO samples (device_id, seq, ts_ms, received_ms, boot_id, uptime_s, cpu_load_pct,
           mem_used_bytes, mem_total_bytes, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [...s],
        );
    } finally {
      await client.end();
    }
    const store = await openPostgresStore({ connectionString: server.url, schema });
    try {
      await expectUpgradedEarningsHours(store, data);
    } finally {
      await store.close();
    }
  });
});
