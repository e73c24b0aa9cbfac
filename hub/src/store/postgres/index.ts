import type { Meta, Sample } from '@nodetally/shared';
import { type DeviceRow, toDeviceRecord } from '../rows.js';
import type { DeviceCredential, Store } from '../types.js';
import { postgresAlertStore } from './alerts.js';
import { postgresAuthStore } from './auth.js';
import { createPool, inTransaction, type PostgresOptions, quoteIdent } from './db.js';
import { migrate } from './migrations.js';
import { postgresRewardStore } from './rewards.js';
import { markDirty, postgresRollupStore } from './rollups.js';
import { contiguousThrough, insertBatch } from './samples.js';
import { postgresSettingsStore } from './settings.js';

export type { PostgresOptions } from './db.js';

const UPSERT_META = `
  INSERT INTO devices (device_id, first_seen_ms, last_seen_ms, meta_json) VALUES ($1, $2, $2, $3)
  ON CONFLICT (device_id) DO UPDATE SET meta_json = excluded.meta_json,
    last_seen_ms = greatest(devices.last_seen_ms, excluded.last_seen_ms)`;
const SET_STATUS = `
  INSERT INTO devices (device_id, first_seen_ms, last_seen_ms, status, status_ts_ms) VALUES ($1, $3, $3, $2, $3)
  ON CONFLICT (device_id) DO UPDATE SET status = excluded.status, status_ts_ms = excluded.status_ts_ms
  WHERE devices.status_ts_ms IS NULL OR excluded.status_ts_ms >= devices.status_ts_ms`;
const ADD_DEVICE = `
  INSERT INTO devices (device_id, name, token_hash, first_seen_ms, last_seen_ms) VALUES ($1, $2, $3, $4, $4)
  ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, token_hash = excluded.token_hash
  WHERE devices.token_hash IS NULL`;

/**
 * The hub's store on PostgreSQL, for scale-out: several hub workers share one database. Each ingest
 * batch is one transaction (committed with the server's synchronous_commit, on by default, before the
 * hub acks). Same tables and results as the SQLite engine; both pass `store/testing/contract.ts`.
 */
export async function openPostgresStore(options: PostgresOptions): Promise<Store> {
  const pool = createPool(options);
  // An idle connection that the server drops must not crash the hub; the pool replaces it.
  pool.on('error', () => undefined);
  try {
    if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
    const client = await pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;

  return {
    ...postgresRewardStore(pool),
    ...postgresAlertStore(pool),
    ...postgresRollupStore(pool),
    ...postgresSettingsStore(pool),
    ...postgresAuthStore(pool),
    insertSamples: (batch) =>
      inTransaction(pool, async (client) => {
        const result = await insertBatch(client, batch);
        await markDirty(client, batch, result);
        return result;
      }),
    async upsertMeta(meta: Meta, receivedMs: number) {
      await pool.query(UPSERT_META, [meta.device_id, receivedMs, JSON.stringify(meta)]);
    },
    async setStatus(deviceId, status, ts) {
      await pool.query(SET_STATUS, [deviceId, status, ts]);
    },
    async listDevices() {
      const { rows } = await pool.query<DeviceRow>(`SELECT device_id, name, first_seen_ms, last_seen_ms,
        last_seq, latest_json, status, status_ts_ms, meta_json FROM devices ORDER BY device_id COLLATE "C"`);
      return rows.map(toDeviceRecord);
    },
    contiguousThrough: (deviceId, fromSeq, toSeq) => contiguousThrough(pool, deviceId, fromSeq, toSeq),
    async listSamples(deviceId, fromMs, toMs, limit) {
      const { rows } = await pool.query<{ payload: string }>(
        'SELECT payload FROM samples WHERE device_id = $1 AND ts_ms >= $2 AND ts_ms < $3 ORDER BY ts_ms, seq LIMIT $4',
        [deviceId, fromMs, toMs, limit],
      );
      return rows.map((row) => JSON.parse(row.payload) as Sample);
    },
    async countSamples(deviceId) {
      const { rows } = await pool.query<{ n: number }>(
        'SELECT count(*) AS n FROM samples WHERE device_id = $1',
        [deviceId],
      );
      return rows[0]?.n ?? 0;
    },
    async addDevice(deviceId, name, tokenHash, now) {
      return (await pool.query(ADD_DEVICE, [deviceId, name, tokenHash, now])).rowCount === 1;
    },
    async getCredential(deviceId) {
      const { rows } = await pool.query<DeviceCredential>(
        'SELECT device_id, token_hash, revoked_ms FROM devices WHERE device_id = $1 AND token_hash IS NOT NULL',
        [deviceId],
      );
      return rows[0] ?? null;
    },
    async revokeDevice(deviceId, now) {
      const result = await pool.query(
        'UPDATE devices SET revoked_ms = $2 WHERE device_id = $1 AND token_hash IS NOT NULL AND revoked_ms IS NULL',
        [deviceId, now],
      );
      return result.rowCount === 1;
    },
    async revokedSince(sinceMs) {
      const { rows } = await pool.query<{ device_id: string }>(
        'SELECT device_id FROM devices WHERE revoked_ms >= $1 ORDER BY device_id COLLATE "C"',
        [sinceMs],
      );
      return rows.map((row) => row.device_id);
    },
    async addEnrollToken(tokenHash, now, expires) {
      await pool.query('INSERT INTO enroll_tokens (token_hash, created_ms, expires_ms) VALUES ($1, $2, $3)', [
        tokenHash,
        now,
        expires,
      ]);
    },
    async consumeEnrollToken(tokenHash, deviceId, now) {
      const result = await pool.query(
        `UPDATE enroll_tokens SET used_ms = $3, device_id = $2
         WHERE token_hash = $1 AND used_ms IS NULL AND expires_ms > $3`,
        [tokenHash, deviceId, now],
      );
      return result.rowCount === 1;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
