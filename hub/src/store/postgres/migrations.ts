import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import type { PoolClient } from 'pg';

/**
 * Versioned schema: migration i brings the database from schema_version i to i + 1. Never edit a
 * released migration; append a new one. The tables mirror SQLite's (same names and columns) with
 * PostgreSQL types: BIGINT for seqs and epoch milliseconds, NUMERIC for token amounts (exact, any
 * size), TEXT for prices (kept as the exact decimal string the provider gave) and for JSON payloads
 * (stored as the hub wrote them; JSONB would refuse a "\u0000" that JSON.stringify can produce).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    first_seen_ms BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL,
    last_seq BIGINT NOT NULL DEFAULT 0,
    latest_json TEXT,
    status TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('online', 'offline', 'unknown')),
    status_ts_ms BIGINT,
    meta_json TEXT,
    name TEXT,
    token_hash TEXT,
    revoked_ms BIGINT
  );
  CREATE INDEX devices_by_revoked ON devices (revoked_ms) WHERE revoked_ms IS NOT NULL;

  CREATE TABLE samples (
    device_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    ts_ms BIGINT NOT NULL,
    received_ms BIGINT NOT NULL,
    boot_id TEXT NOT NULL,
    uptime_s DOUBLE PRECISION NOT NULL,
    cpu_load_pct DOUBLE PRECISION,
    mem_used_bytes BIGINT NOT NULL,
    mem_total_bytes BIGINT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
  );
  CREATE INDEX samples_by_time ON samples (device_id, ts_ms);

  CREATE TABLE enroll_tokens (
    token_hash TEXT PRIMARY KEY,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    used_ms BIGINT,
    device_id TEXT
  );

  CREATE TABLE reward_accounts (
    source TEXT NOT NULL,
    account TEXT NOT NULL,
    label TEXT,
    options_json TEXT,
    created_ms BIGINT NOT NULL,
    PRIMARY KEY (source, account)
  );

  CREATE TABLE reward_account_devices (
    source TEXT NOT NULL,
    account TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (source, account, device_id),
    FOREIGN KEY (source, account) REFERENCES reward_accounts (source, account) ON DELETE CASCADE
  );

  CREATE TABLE reward_events (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    network TEXT NOT NULL,
    account TEXT NOT NULL,
    token TEXT NOT NULL,
    amount NUMERIC NOT NULL CHECK (scale(amount) = 0),
    ts_ms BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reward', 'other')),
    ref TEXT NOT NULL,
    stored_ms BIGINT NOT NULL
  );
  CREATE INDEX reward_events_by_account ON reward_events (account, ts_ms);
  CREATE INDEX reward_events_by_time ON reward_events (ts_ms);

  CREATE TABLE reward_sync (
    source TEXT NOT NULL,
    account TEXT NOT NULL,
    cursor TEXT,
    interval_ms BIGINT NOT NULL,
    last_attempt_ms BIGINT NOT NULL,
    last_success_ms BIGINT,
    last_failure_ms BIGINT,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, account)
  );

  CREATE TABLE price_points (
    token TEXT NOT NULL,
    currency TEXT NOT NULL,
    hour_ms BIGINT NOT NULL,
    price TEXT NOT NULL,
    ts_ms BIGINT NOT NULL,
    provider TEXT NOT NULL,
    PRIMARY KEY (token, currency, hour_ms)
  );
  `,
  `
  CREATE TABLE alert_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state_json TEXT NOT NULL,
    updated_ms BIGINT NOT NULL
  );

  CREATE TABLE alert_history (
    id BIGSERIAL PRIMARY KEY,
    rule TEXT NOT NULL,
    device_id TEXT NOT NULL,
    subject TEXT,
    from_phase TEXT NOT NULL,
    to_phase TEXT NOT NULL,
    message TEXT NOT NULL,
    ts_ms BIGINT NOT NULL
  );
  CREATE INDEX alert_history_by_time ON alert_history (ts_ms);

  CREATE TABLE alert_deliveries (
    id BIGSERIAL PRIMARY KEY,
    message_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    message_status TEXT NOT NULL,
    title TEXT NOT NULL,
    channel TEXT NOT NULL,
    type TEXT NOT NULL,
    ok BOOLEAN NOT NULL,
    attempts INTEGER NOT NULL,
    status_code INTEGER,
    remote_id TEXT,
    error_code TEXT,
    error_message TEXT,
    ts_ms BIGINT NOT NULL
  );
  CREATE INDEX alert_deliveries_by_time ON alert_deliveries (ts_ms);
  `,
  `
  CREATE TABLE users (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
  );
  CREATE INDEX sessions_by_expiry ON sessions (expires_ms);

  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'admin')),
    token_hash TEXT NOT NULL UNIQUE,
    created_ms BIGINT NOT NULL,
    revoked_ms BIGINT
  );
  `,
  `
  CREATE TABLE saved_settings (
    key TEXT NOT NULL,
    revision INTEGER NOT NULL,
    value_json TEXT NOT NULL,
    saved_ms BIGINT NOT NULL,
    PRIMARY KEY (key, revision)
  );
  `,
  `
  CREATE TABLE alert_outbox (
    id BIGSERIAL PRIMARY KEY,
    message_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    message_json TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    next_ms BIGINT NOT NULL,
    UNIQUE (message_id, channel)
  );

  CREATE TABLE alert_settings (
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL,
    updated_ms BIGINT NOT NULL
  );
  `,
  `
  CREATE TABLE rollup_dirty (
    device_id TEXT NOT NULL,
    hour_ms BIGINT NOT NULL,
    claimed BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (device_id, hour_ms)
  );

  CREATE TABLE hour_rollups (
    device_id TEXT NOT NULL,
    hour_ms BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (device_id, hour_ms)
  );
  CREATE INDEX hour_rollups_by_hour ON hour_rollups (hour_ms);

  CREATE TABLE day_rollups (
    device_id TEXT NOT NULL,
    day_ms BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (device_id, day_ms)
  );

  INSERT INTO rollup_dirty (device_id, hour_ms)
    SELECT DISTINCT device_id, ts_ms - ts_ms % 3600000 FROM samples;
  `,
  // Earnings hours (hub/src/rollups/README.md): one bytea per device per week. Hours that still have
  // raw samples are marked dirty and recomputed exactly by the rollup job; older hours are derived by
  // the job from hour rows (earnings_backfill: hours before before_ms, the first raw sample's hour).
  `
  CREATE TABLE earnings_hours (
    device_id TEXT NOT NULL,
    span_ms BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (device_id, span_ms)
  );

  CREATE TABLE earnings_backfill (
    device_id TEXT PRIMARY KEY,
    before_ms BIGINT NOT NULL
  );

  INSERT INTO earnings_backfill (device_id, before_ms)
    SELECT d.device_id, coalesce(
      (SELECT min(s.ts_ms) - min(s.ts_ms) % 3600000 FROM samples s WHERE s.device_id = d.device_id),
      (SELECT max(h.hour_ms) + 3600000 FROM hour_rollups h WHERE h.device_id = d.device_id))
    FROM (SELECT DISTINCT device_id FROM hour_rollups) d;

  INSERT INTO rollup_dirty (device_id, hour_ms)
    SELECT DISTINCT device_id, ts_ms - ts_ms % 3600000 FROM samples
    ON CONFLICT (device_id, hour_ms) DO NOTHING;
  `,
];

/** Any fixed number: serializes schema changes of hub workers that start at the same time. */
const MIGRATION_LOCK = 0x6e7461; // "nta"

/**
 * Brings the schema up to date in one transaction under an advisory lock, so several hub workers
 * starting together migrate once. A schema newer than this hub is refused, not touched.
 */
export async function migrate(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      throw new NodetallyError(
        ErrorCodes.STORE_SCHEMA,
        `database schema v${current} is newer than this hub (v${MIGRATIONS.length}); upgrade the hub`,
      );
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version] as string);
    }
    if (rows.length === 0) await client.query('INSERT INTO schema_version VALUES ($1)', [MIGRATIONS.length]);
    else await client.query('UPDATE schema_version SET version = $1', [MIGRATIONS.length]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
