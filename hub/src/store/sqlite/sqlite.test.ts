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
