import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, it } from 'vitest';
import { expectUpgradedEarningsHours, oldDatabaseRows } from '../testing/earnings-migration.js';
import { openSqliteStore } from './index.js';
import { MIGRATIONS } from './migrations.js';

describe('sqlite migration to earnings hours', () => {
  it('derives old hours from hour rows and recomputes raw hours exactly', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nt-earnings-mig-')), 'nodetally.db');
    const version = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE earnings_hours'));
    const data = oldDatabaseRows();
    const old = new Database(file);
    for (const m of MIGRATIONS.slice(0, version)) old.exec(m);
    old.pragma(`user_version = ${version}`);
    const putHour = old.prepare('INSERT INTO hour_rollups (device_id, hour_ms, data) VALUES (?, ?, ?)');
    for (const r of data.hourRows) putHour.run(...r);
    const putSample = old.prepare(`INSERT INTO samples (device_id, seq, ts_ms, received_ms, boot_id, uptime_s,
      cpu_load_pct, mem_used_bytes, mem_total_bytes, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const s of data.rawSamples) putSample.run(...s);
    old.close();
    const store = openSqliteStore(file);
    try {
      await expectUpgradedEarningsHours(store, data);
    } finally {
      await store.close();
    }
  });
});
