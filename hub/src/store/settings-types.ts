/**
 * Settings saved through the API over the config defaults (earnings tariffs, costs, splits; other
 * areas may use their own key). Every save is kept as a new revision, so a change can be traced;
 * reads return the newest one.
 */
export interface SavedSettings {
  /** Area of the settings, e.g. `earnings`. */
  key: string;
  /** A JSON object: the saved overlay (only the keys that were saved). */
  value: Record<string, unknown>;
  revision: number;
  saved_ms: number;
}

export interface SettingsStore {
  /** The newest saved revision of `key`, or null when nothing was saved. */
  getSavedSettings(key: string): Promise<SavedSettings | null>;
  /** Saves a new revision of `key` and returns it (revisions count 1, 2, … per key). */
  saveSettings(key: string, value: Record<string, unknown>, savedMs: number): Promise<SavedSettings>;
}
