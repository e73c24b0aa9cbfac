import type pg from 'pg';
import type { SavedSettings, SettingsStore } from '../settings-types.js';
import { inTransaction } from './db.js';

interface Row {
  key: string;
  revision: number;
  value_json: string;
  saved_ms: number;
}

const toSaved = (r: Row): SavedSettings => ({
  key: r.key,
  revision: Number(r.revision),
  value: JSON.parse(r.value_json),
  saved_ms: Number(r.saved_ms),
});

/** Any fixed number: serializes saves of one key across hub workers (revision numbers stay unique). */
const SAVE_LOCK = 0x6e7473; // "nts"

/** Saved settings revisions in PostgreSQL; same results as SQLite. */
export function postgresSettingsStore(pool: pg.Pool): SettingsStore {
  return {
    async getSavedSettings(key) {
      const { rows } = await pool.query<Row>(
        'SELECT key, revision, value_json, saved_ms FROM saved_settings WHERE key = $1 ORDER BY revision DESC LIMIT 1',
        [key],
      );
      return rows[0] ? toSaved(rows[0]) : null;
    },
    saveSettings: (key, value, savedMs) =>
      inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SAVE_LOCK]);
        const { rows } = await client.query<Row>(
          `INSERT INTO saved_settings (key, revision, value_json, saved_ms)
           SELECT $1, coalesce(max(revision), 0) + 1, $2, $3 FROM saved_settings WHERE key = $1
           RETURNING key, revision, value_json, saved_ms`,
          [key, JSON.stringify(value), savedMs],
        );
        return toSaved(rows[0] as Row);
      }),
  };
}
