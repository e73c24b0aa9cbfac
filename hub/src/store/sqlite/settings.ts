import type Database from 'better-sqlite3';
import type { SavedSettings, SettingsStore } from '../settings-types.js';

interface Row {
  key: string;
  revision: number;
  value_json: string;
  saved_ms: number;
}

const toSaved = (r: Row): SavedSettings => ({
  key: r.key,
  revision: r.revision,
  value: JSON.parse(r.value_json),
  saved_ms: r.saved_ms,
});

/** Saved settings revisions in SQLite. */
export function sqliteSettingsStore(db: Database.Database): SettingsStore {
  const newest = db.prepare(
    'SELECT key, revision, value_json, saved_ms FROM saved_settings WHERE key = ? ORDER BY revision DESC LIMIT 1',
  );
  const insert = db.prepare(`
    INSERT INTO saved_settings (key, revision, value_json, saved_ms)
    SELECT @key, coalesce(max(revision), 0) + 1, @value_json, @saved_ms FROM saved_settings WHERE key = @key
    RETURNING key, revision, value_json, saved_ms`);
  return {
    async getSavedSettings(key) {
      const row = newest.get(key) as Row | undefined;
      return row ? toSaved(row) : null;
    },
    async saveSettings(key, value, savedMs) {
      const row = insert.get({ key, value_json: JSON.stringify(value), saved_ms: savedMs }) as Row;
      return toSaved(row);
    },
  };
}
