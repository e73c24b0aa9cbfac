import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import type { Sample } from '@nodetally/shared';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { validSample } from '../../../../test/support/sample.js';
import { openSqliteStore } from './index.js';
import { MIGRATIONS } from './migrations.js';
import { sqliteDurableSampleInserter } from './samples.js';
import { datasyncFile } from './wal-sync.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'nt-samples-')), 'nodetally.db');
const ROWID_MIGRATION = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE samples_rowid'));
const sample = (deviceId: string, seq: number, extra = {}) =>
  validSample({ device_id: deviceId, seq, ts: 1_700_000_000_000 + seq * 15_000, ...extra }) as Sample;

function schemaBefore(file: string, version: number): Database.Database {
  const db = new Database(file);
  for (let v = 0; v < version; v++) db.exec(MIGRATIONS[v] as string);
  db.pragma(`user_version = ${version}`);
  return db;
}

describe('samples as a rowid table (migration)', () => {
  it('carries every row of the WITHOUT ROWID table over, byte for byte', async () => {
    expect(ROWID_MIGRATION).toBeGreaterThan(0);
    const file = tempDb();
    const old = schemaBefore(file, ROWID_MIGRATION);
    expect(old.prepare("SELECT sql FROM sqlite_schema WHERE name = 'samples'").pluck().get()).toMatch(
      /WITHOUT ROWID/,
    );
    const insert = old.prepare(`INSERT INTO samples (device_id, seq, ts_ms, received_ms, boot_id, uptime_s,
      cpu_load_pct, mem_used_bytes, mem_total_bytes, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (let d = 0; d < 5; d++)
      for (let seq = 1; seq <= 100; seq++) {
        // Some payloads over 1 KB: those were the rows that spilled into overflow pages.
        const s = sample(`rig-${d}`, seq, seq % 3 === 0 ? { note: 'x'.repeat(900) } : {});
        insert.run(
          s.device_id,
          seq,
          s.ts,
          s.ts + 5,
          s.boot_id,
          s.uptime_s,
          seq % 2 ? null : 7.5,
          1,
          2,
          JSON.stringify(s),
        );
      }
    const all = 'SELECT * FROM samples ORDER BY device_id, seq';
    const before = old.prepare(all).all();
    old.close();

    const store = openSqliteStore(file);
    expect(await store.countSamples('rig-3')).toBe(100);
    const again = await store.insertSamples([
      { sample: sample('rig-3', 42, { note: 'x'.repeat(900) }), receivedMs: 1 },
    ]);
    expect(again).toMatchObject({ inserted: 0, duplicates: 1 });
    const added = await store.insertSamples([{ sample: sample('rig-3', 101), receivedMs: 1 }]);
    expect(added).toMatchObject({ inserted: 1, duplicates: 0 });
    await store.close();

    const db = new Database(file, { readonly: true });
    expect(
      db.prepare(`${all.replace('ORDER', "WHERE NOT (device_id = 'rig-3' AND seq = 101) ORDER")}`).all(),
    ).toEqual(before);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'samples'").pluck().get()).not.toMatch(
      /WITHOUT ROWID/,
    );
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'samples'")
      .pluck()
      .all();
    expect(indexes).toContain('samples_by_time');
    expect(
      db.prepare('EXPLAIN QUERY PLAN SELECT seq FROM samples WHERE device_id = ? AND ts_ms > ?').all('a', 1),
    ).toEqual(
      expect.arrayContaining([expect.objectContaining({ detail: expect.stringMatching(/samples_by_time/) })]),
    );
    db.close();
  });
});

describe('durable sample inserts (group commit)', () => {
  it('resolves only after a WAL sync that started after the commit', async () => {
    const file = tempDb();
    await openSqliteStore(file).close();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const syncs: Array<() => void> = [];
    const insert = sqliteDurableSampleInserter(db, file, () => new Promise<void>((done) => syncs.push(done)));
    let firstDone = false;
    const first = insert([{ sample: sample('a', 1), receivedMs: 1 }]).then(() => (firstDone = true));
    await tick();
    // Committed (another connection sees it) but not yet synced: not resolved, so not acked.
    expect(new Database(file, { readonly: true }).prepare('SELECT count(*) FROM samples').pluck().get()).toBe(
      1,
    );
    expect(firstDone).toBe(false);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // A commit made while the first sync runs needs a sync of its own.
    let secondDone = false;
    const second = insert([{ sample: sample('a', 2), receivedMs: 1 }]).then(() => (secondDone = true));
    await tick();
    expect(syncs).toHaveLength(1);
    syncs[0]?.();
    await first;
    await tick();
    expect(secondDone).toBe(false);
    expect(syncs).toHaveLength(2);
    syncs[1]?.();
    await second;
    db.close();
  });

  it('a failed sync fails the insert (no ack), and the next one syncs again', async () => {
    const file = tempDb();
    await openSqliteStore(file).close();
    const db = new Database(file);
    let calls = 0;
    const insert = sqliteDurableSampleInserter(db, file, async () => {
      calls++;
      if (calls === 1) throw new Error('EIO');
    });
    await expect(insert([{ sample: sample('a', 1), receivedMs: 1 }])).rejects.toThrow('EIO');
    await expect(insert([{ sample: sample('a', 2), receivedMs: 1 }])).resolves.toMatchObject({ inserted: 1 });
    expect(calls).toBe(2);
    db.close();
  });

  it('datasyncFile flushes an existing file and treats a missing one as nothing to flush', async () => {
    const file = tempDb();
    await openSqliteStore(file).close();
    await expect(datasyncFile(file)).resolves.toBeUndefined();
    await expect(datasyncFile(`${file}-missing`)).resolves.toBeUndefined();
  });
});
