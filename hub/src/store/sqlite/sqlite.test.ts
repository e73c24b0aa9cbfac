import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { storeContract } from '../testing/contract.js';
import { openSqliteStore } from './index.js';
import { MIGRATIONS } from './migrations.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'nt-sqlite-')), 'nodetally.db');

storeContract('sqlite', () => openSqliteStore(tempDb()));

describe('sqlite specifics', () => {
  it('uses WAL with full sync and records the schema version', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a database written by a newer hub', async () => {
    const file = tempDb();
    await openSqliteStore(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this hub/);
  });

  it('upgrades a database written by the first schema version, keeping its rows', async () => {
    const file = tempDb();
    const old = new Database(file);
    old.exec(MIGRATIONS[0] as string);
    old.pragma('user_version = 1');
    old
      .prepare(
        `INSERT INTO samples (device_id, seq, ts_ms, received_ms, boot_id, uptime_s, cpu_load_pct, mem_used_bytes,
       mem_total_bytes, payload) VALUES ('v1-rig', 1, 1, 1, 'b', 1, NULL, 1, 2, '{}')`,
      )
      .run();
    old.close();
    const store = openSqliteStore(file);
    expect(await store.countSamples('v1-rig')).toBe(1);
    expect(await store.addDevice('v1-rig', 'upgraded', 'hash', 5)).toBe(true);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('data survives reopening the file', async () => {
    const file = tempDb();
    const { validSample } = await import('../../../../test/support/sample.js');
    const first = openSqliteStore(file);
    await first.insertSamples([{ sample: validSample() as never, receivedMs: 1 }]);
    await first.close();
    const second = openSqliteStore(file);
    expect(await second.countSamples('rig-01')).toBe(1);
    await second.close();
  });
});
