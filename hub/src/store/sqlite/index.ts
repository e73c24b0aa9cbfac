import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ErrorCodes, type Meta, NodetallyError, type Sample } from '@nodetally/shared';
import Database from 'better-sqlite3';
import { type DeviceRow, toDeviceRecord } from '../rows.js';
import type { DeviceCredential, Store } from '../types.js';
import { sqliteAlertStore } from './alerts.js';
import { sqliteAuthStore } from './auth.js';
import { MIGRATIONS } from './migrations.js';
import { sqliteRewardStore } from './rewards.js';
import { sqliteRollupStore } from './rollups.js';
import { sqliteDurableSampleInserter } from './samples.js';
import { sqliteSettingsStore } from './settings.js';

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new NodetallyError(
      ErrorCodes.STORE_SCHEMA,
      `database schema v${current} is newer than this hub (v${MIGRATIONS.length}); upgrade the hub`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/**
 * SQLite in WAL mode with synchronous=FULL: a batch acknowledged to a device survives a power cut,
 * which is what the end-to-end ack promises. One transaction per ingest batch keeps that cheap.
 */
export function openSqliteStore(file: string): Store {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const upsertMeta = db.prepare(`
    INSERT INTO devices (device_id, first_seen_ms, last_seen_ms, meta_json)
    VALUES (@device_id, @received_ms, @received_ms, @meta_json)
    ON CONFLICT (device_id) DO UPDATE SET meta_json = excluded.meta_json,
      last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)`);
  const setStatus = db.prepare(`
    INSERT INTO devices (device_id, first_seen_ms, last_seen_ms, status, status_ts_ms)
    VALUES (@device_id, @ts, @ts, @status, @ts)
    ON CONFLICT (device_id) DO UPDATE SET status = excluded.status, status_ts_ms = excluded.status_ts_ms
    WHERE status_ts_ms IS NULL OR excluded.status_ts_ms >= status_ts_ms`);
  const listDevices = db.prepare(`SELECT device_id, name, first_seen_ms, last_seen_ms, last_seq, latest_json,
    status, status_ts_ms, meta_json FROM devices ORDER BY device_id`);
  const addDevice = db.prepare(`
    INSERT INTO devices (device_id, name, token_hash, first_seen_ms, last_seen_ms)
    VALUES (@device_id, @name, @token_hash, @now, @now)
    ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, token_hash = excluded.token_hash
    WHERE devices.token_hash IS NULL`);
  const getCredential = db.prepare(
    'SELECT device_id, token_hash, revoked_ms FROM devices WHERE device_id = ? AND token_hash IS NOT NULL',
  );
  const revokeDevice = db.prepare(
    'UPDATE devices SET revoked_ms = @now WHERE device_id = @device_id AND token_hash IS NOT NULL AND revoked_ms IS NULL',
  );
  const revokedSince = db.prepare('SELECT device_id FROM devices WHERE revoked_ms >= ?');
  const addEnrollToken = db.prepare(
    'INSERT INTO enroll_tokens (token_hash, created_ms, expires_ms) VALUES (@token_hash, @now, @expires)',
  );
  const consumeEnrollToken = db.prepare(`
    UPDATE enroll_tokens SET used_ms = @now, device_id = @device_id
    WHERE token_hash = @token_hash AND used_ms IS NULL AND expires_ms > @now`);
  const seqsBetween = db
    .prepare('SELECT seq FROM samples WHERE device_id = ? AND seq BETWEEN ? AND ? ORDER BY seq')
    .pluck();
  const samplesBetween = db
    .prepare(
      'SELECT payload FROM samples WHERE device_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, seq LIMIT ?',
    )
    .pluck();
  const countSamples = db.prepare('SELECT count(*) AS n FROM samples WHERE device_id = ?');

  const insertBatch = sqliteDurableSampleInserter(db, file);

  return {
    ...sqliteRewardStore(db),
    ...sqliteAlertStore(db),
    ...sqliteRollupStore(db),
    ...sqliteSettingsStore(db),
    ...sqliteAuthStore(db),
    insertSamples: insertBatch,
    async upsertMeta(meta: Meta, receivedMs: number) {
      upsertMeta.run({ device_id: meta.device_id, received_ms: receivedMs, meta_json: JSON.stringify(meta) });
    },
    async setStatus(deviceId, status, ts) {
      setStatus.run({ device_id: deviceId, status, ts });
    },
    async listDevices() {
      return (listDevices.all() as DeviceRow[]).map(toDeviceRecord);
    },
    async contiguousThrough(deviceId, fromSeq, toSeq) {
      let through = fromSeq - 1;
      for (const seq of seqsBetween.iterate(deviceId, fromSeq, toSeq) as IterableIterator<number>) {
        if (seq !== through + 1) break;
        through = seq;
      }
      return through;
    },
    async listSamples(deviceId, fromMs, toMs, limit) {
      return (samplesBetween.all(deviceId, fromMs, toMs, limit) as string[]).map(
        (payload) => JSON.parse(payload) as Sample,
      );
    },
    async countSamples(deviceId) {
      return (countSamples.get(deviceId) as { n: number }).n;
    },
    async addDevice(deviceId, name, tokenHash, now) {
      return addDevice.run({ device_id: deviceId, name, token_hash: tokenHash, now }).changes === 1;
    },
    async getCredential(deviceId) {
      return (getCredential.get(deviceId) as DeviceCredential | undefined) ?? null;
    },
    async revokeDevice(deviceId, now) {
      return revokeDevice.run({ device_id: deviceId, now }).changes === 1;
    },
    async revokedSince(sinceMs) {
      return (revokedSince.all(sinceMs) as Array<{ device_id: string }>).map((row) => row.device_id);
    },
    async addEnrollToken(tokenHash, now, expires) {
      addEnrollToken.run({ token_hash: tokenHash, now, expires });
    },
    async consumeEnrollToken(tokenHash, deviceId, now) {
      return consumeEnrollToken.run({ token_hash: tokenHash, device_id: deviceId, now }).changes === 1;
    },
    async close() {
      if (!db.open) return;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
