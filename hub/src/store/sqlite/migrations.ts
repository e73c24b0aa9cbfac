/**
 * Versioned schema: migration i brings the database from user_version i to i + 1. Never edit a
 * released migration; append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    latest_json TEXT,
    status TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('online', 'offline', 'unknown')),
    status_ts_ms INTEGER,
    meta_json TEXT
  ) STRICT;

  CREATE TABLE samples (
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts_ms INTEGER NOT NULL,
    received_ms INTEGER NOT NULL,
    boot_id TEXT NOT NULL,
    uptime_s REAL NOT NULL,
    cpu_load_pct REAL,
    mem_used_bytes INTEGER NOT NULL,
    mem_total_bytes INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
  ) STRICT, WITHOUT ROWID;

  CREATE INDEX samples_by_time ON samples (device_id, ts_ms);
  `,
  `
  ALTER TABLE devices ADD COLUMN name TEXT;
  ALTER TABLE devices ADD COLUMN token_hash TEXT;
  ALTER TABLE devices ADD COLUMN revoked_ms INTEGER;

  CREATE TABLE enroll_tokens (
    token_hash TEXT PRIMARY KEY,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    used_ms INTEGER,
    device_id TEXT
  ) STRICT;
  `,
  `
  CREATE TABLE reward_accounts (
    source TEXT NOT NULL,
    account TEXT NOT NULL,
    label TEXT,
    options_json TEXT,
    created_ms INTEGER NOT NULL,
    PRIMARY KEY (source, account)
  ) STRICT;

  CREATE TABLE reward_account_devices (
    source TEXT NOT NULL,
    account TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (source, account, device_id),
    FOREIGN KEY (source, account) REFERENCES reward_accounts (source, account) ON DELETE CASCADE
  ) STRICT;

  CREATE TABLE reward_events (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    network TEXT NOT NULL,
    account TEXT NOT NULL,
    token TEXT NOT NULL,
    amount TEXT NOT NULL,
    ts_ms INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reward', 'other')),
    ref TEXT NOT NULL,
    stored_ms INTEGER NOT NULL
  ) STRICT;

  CREATE INDEX reward_events_by_account ON reward_events (account, ts_ms);
  CREATE INDEX reward_events_by_time ON reward_events (ts_ms);

  CREATE TABLE reward_sync (
    source TEXT NOT NULL,
    account TEXT NOT NULL,
    cursor TEXT,
    interval_ms INTEGER NOT NULL,
    last_attempt_ms INTEGER NOT NULL,
    last_success_ms INTEGER,
    last_failure_ms INTEGER,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, account)
  ) STRICT;

  CREATE TABLE price_points (
    token TEXT NOT NULL,
    currency TEXT NOT NULL,
    hour_ms INTEGER NOT NULL,
    price TEXT NOT NULL,
    ts_ms INTEGER NOT NULL,
    provider TEXT NOT NULL,
    PRIMARY KEY (token, currency, hour_ms)
  ) STRICT, WITHOUT ROWID;
  `,
  `
  CREATE TABLE alert_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state_json TEXT NOT NULL,
    updated_ms INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE alert_history (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    device_id TEXT NOT NULL,
    subject TEXT,
    from_phase TEXT NOT NULL,
    to_phase TEXT NOT NULL,
    message TEXT NOT NULL,
    ts_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX alert_history_by_time ON alert_history (ts_ms);

  CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    message_status TEXT NOT NULL,
    title TEXT NOT NULL,
    channel TEXT NOT NULL,
    type TEXT NOT NULL,
    ok INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    status_code INTEGER,
    remote_id TEXT,
    error_code TEXT,
    error_message TEXT,
    ts_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX alert_deliveries_by_time ON alert_deliveries (ts_ms);
  `,
  `
  CREATE TABLE users (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_expiry ON sessions (expires_ms);

  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'admin')),
    token_hash TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL,
    revoked_ms INTEGER
  ) STRICT;
  `,
  `
  CREATE TABLE saved_settings (
    key TEXT NOT NULL,
    revision INTEGER NOT NULL,
    value_json TEXT NOT NULL,
    saved_ms INTEGER NOT NULL,
    PRIMARY KEY (key, revision)
  ) STRICT;
  `,
  `
  CREATE TABLE alert_outbox (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    message_json TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    next_ms INTEGER NOT NULL,
    UNIQUE (message_id, channel)
  ) STRICT;

  CREATE TABLE alert_settings (
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL,
    updated_ms INTEGER NOT NULL
  ) STRICT;
  `,
  `
  CREATE TABLE rollup_dirty (
    device_id TEXT NOT NULL,
    hour_ms INTEGER NOT NULL,
    claimed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, hour_ms)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE hour_rollups (
    device_id TEXT NOT NULL,
    hour_ms INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (device_id, hour_ms)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX hour_rollups_by_hour ON hour_rollups (hour_ms);

  CREATE TABLE day_rollups (
    device_id TEXT NOT NULL,
    day_ms INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (device_id, day_ms)
  ) STRICT, WITHOUT ROWID;

  INSERT INTO rollup_dirty (device_id, hour_ms)
    SELECT DISTINCT device_id, ts_ms - ts_ms % 3600000 FROM samples;
  `,
  // samples as a rowid table: in a WITHOUT ROWID table a row over ~1 KB (most samples) spills into an
  // overflow page of its own (~4.7 KB a row on disk); a rowid table keeps it in the leaf page.
  `
  CREATE TABLE samples_rowid (
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts_ms INTEGER NOT NULL,
    received_ms INTEGER NOT NULL,
    boot_id TEXT NOT NULL,
    uptime_s REAL NOT NULL,
    cpu_load_pct REAL,
    mem_used_bytes INTEGER NOT NULL,
    mem_total_bytes INTEGER NOT NULL,
    payload TEXT NOT NULL,
    UNIQUE (device_id, seq)
  ) STRICT;

  INSERT INTO samples_rowid (device_id, seq, ts_ms, received_ms, boot_id, uptime_s, cpu_load_pct,
                             mem_used_bytes, mem_total_bytes, payload)
    SELECT device_id, seq, ts_ms, received_ms, boot_id, uptime_s, cpu_load_pct,
           mem_used_bytes, mem_total_bytes, payload
    FROM samples ORDER BY ts_ms, device_id, seq;

  DROP TABLE samples;
  ALTER TABLE samples_rowid RENAME TO samples;
  CREATE INDEX samples_by_time ON samples (device_id, ts_ms);
  `,
  // Earnings hours (hub/src/rollups/README.md): one BLOB per device per week. Hours that still have raw
  // samples are marked dirty and recomputed exactly by the rollup job; older hours are derived by the
  // job from hour rows (earnings_backfill: hours before before_ms, the first raw sample's hour).
  `
  CREATE TABLE earnings_hours (
    device_id TEXT NOT NULL,
    span_ms INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (device_id, span_ms)
  ) STRICT;

  CREATE TABLE earnings_backfill (
    device_id TEXT PRIMARY KEY,
    before_ms INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;

  INSERT INTO earnings_backfill (device_id, before_ms)
    SELECT d.device_id, coalesce(
      (SELECT min(s.ts_ms) - min(s.ts_ms) % 3600000 FROM samples s WHERE s.device_id = d.device_id),
      (SELECT max(h.hour_ms) + 3600000 FROM hour_rollups h WHERE h.device_id = d.device_id))
    FROM (SELECT DISTINCT device_id FROM hour_rollups) d;

  INSERT INTO rollup_dirty (device_id, hour_ms)
    SELECT DISTINCT device_id, ts_ms - ts_ms % 3600000 FROM samples WHERE true
    ON CONFLICT (device_id, hour_ms) DO NOTHING;
  `,
];
