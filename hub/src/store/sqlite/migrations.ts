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
];
