import type { Logger } from 'pino';
import type { FleetColumns } from '../earnings/columnar-fleet.js';
import type { EarningsSettings } from '../earnings/config-schema.js';
import type { Store } from '../store/types.js';
import { type FleetEarningsSnapshot, fleetSnapshotWithColumns } from './fleet.js';
import {
  checkSettings,
  EarningsSettingsError,
  historyChanges,
  overlaid,
  overlayOf,
  pickEarnings,
  type SettingSources,
  sourcesOf,
} from './overlay.js';
import { type EarningsPlan, earningsPlan } from './settings.js';

export type { FleetDeviceEarnings, FleetEarningsSnapshot, MoneyTriple } from './fleet.js';

/** Key of the earnings overlay in the store's saved settings. */
export const SETTINGS_KEY = 'earnings';

export interface EarningsSettingsInfo {
  settings: EarningsSettings;
  sources: SettingSources;
  /** Revision of the saved overlay in use; null when nothing was saved. */
  revision: number | null;
  saved_ms: number | null;
}

export interface EarningsService {
  /** Cached; recomputed every earningsRefreshS (default 300) and right after a settings change. */
  snapshot(): FleetEarningsSnapshot | null;
  refresh(): Promise<FleetEarningsSnapshot>;
  onSnapshot(listener: (s: FleetEarningsSnapshot) => void): () => void;
  /** Effective: config defaults overlaid by the settings saved through the API. */
  settings(): EarningsSettings;
  /** The effective settings turned into the engine's types (the earnings routes use it). */
  plan(): EarningsPlan;
  /**
   * The device-day columns behind the last snapshot (its calendar: max(35 days, month to date)
   * ending that day), with the plan and time they were computed with; null before the first or
   * after an exact-engine one. The alert feed reads its 29 days from them instead of recomputing.
   */
  fleetColumns(): SharedFleetColumns | null;
  /** Validates (`EarningsSettingsError`), stores the keys that differ from the config, refreshes. */
  updateSettings(next: EarningsSettings, opts?: { allowHistoryChange?: boolean }): Promise<void>;
  /** Effective settings with where each key comes from; waits for the saved overlay to be read. */
  settingsInfo(): Promise<EarningsSettingsInfo>;
  stop(): Promise<void>;
}

export interface SharedFleetColumns {
  columns: FleetColumns;
  plan: EarningsPlan;
  nowMs: number;
}

export interface EarningsServiceOptions {
  store: Store;
  config: EarningsSettings & { earningsRefreshS?: number };
  log: Logger;
  now?: () => number;
}

/**
 * Starts the earnings service: reads the saved overlay, computes the first snapshot, then recomputes
 * every `earningsRefreshS`. Refreshes never overlap: a refresh asked while one runs waits for it and,
 * if settings changed meanwhile, runs once more.
 */
export function startEarnings(opts: EarningsServiceOptions): EarningsService {
  const now = opts.now ?? Date.now;
  const config = pickEarnings(opts.config);
  const log = opts.log;
  let effective = config;
  let plan = earningsPlan(config);
  let info: Omit<EarningsSettingsInfo, 'settings'> = {
    sources: sourcesOf({}),
    revision: null,
    saved_ms: null,
  };
  let current: FleetEarningsSnapshot | null = null;
  let shared: SharedFleetColumns | null = null;
  const listeners = new Set<(s: FleetEarningsSnapshot) => void>();
  let running: Promise<FleetEarningsSnapshot> | null = null;
  let again = false;
  let stopped = false;

  const apply = (saved: Record<string, unknown>, revision: number | null, savedMs: number | null) => {
    const next = overlaid(config, saved);
    plan = earningsPlan(next);
    effective = next;
    info = { sources: sourcesOf(saved), revision, saved_ms: savedMs };
  };

  const loaded = (async () => {
    const saved = await opts.store.getSavedSettings(SETTINGS_KEY);
    if (!saved) return;
    try {
      checkSettings(overlaid(config, saved.value));
      apply(saved.value, saved.revision, saved.saved_ms);
    } catch (error) {
      // A saved overlay the config no longer accepts (e.g. a zone removed from ICU): config wins.
      log.error({ err: error, revision: saved.revision }, 'saved earnings settings ignored');
    }
  })();

  const compute = async (): Promise<FleetEarningsSnapshot> => {
    await loaded;
    const started = performance.now();
    const used = plan;
    const at = now();
    const { snapshot: snap, columns } = await fleetSnapshotWithColumns(opts.store, used, at);
    current = snap;
    shared = columns ? { columns, plan: used, nowMs: at } : null;
    log.debug(
      { devices: snap.devices.length, ms: Math.round(performance.now() - started) },
      'earnings snapshot',
    );
    for (const l of listeners) {
      try {
        l(snap);
      } catch (error) {
        log.error({ err: error }, 'earnings snapshot listener failed');
      }
    }
    return snap;
  };

  const refresh = (): Promise<FleetEarningsSnapshot> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await compute();
        } while (again && !stopped);
        return current as FleetEarningsSnapshot;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const tick = () => {
    refresh().catch((error) => log.error({ err: error }, 'earnings refresh failed'));
  };
  const timer = setInterval(tick, (opts.config.earningsRefreshS ?? 300) * 1000);
  timer.unref();
  tick();

  return {
    snapshot: () => current,
    refresh,
    onSnapshot(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settings: () => effective,
    plan: () => plan,
    fleetColumns: () => shared,
    async settingsInfo() {
      await loaded;
      return { settings: effective, ...info };
    },
    async updateSettings(next, updateOpts = {}) {
      await loaded;
      checkSettings(next);
      const history = updateOpts.allowHistoryChange ? [] : historyChanges(effective, next, now());
      if (history.length > 0) throw new EarningsSettingsError(history);
      const overlay = overlayOf(config, next);
      const saved = await opts.store.saveSettings(SETTINGS_KEY, overlay, now());
      apply(overlay, saved.revision, saved.saved_ms);
      log.info({ revision: saved.revision, saved: Object.keys(overlay) }, 'earnings settings saved');
      // Saved and in effect for the routes already; a failed recompute is retried by the timer.
      await refresh().catch((error) => log.error({ err: error }, 'earnings refresh failed'));
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await loaded.catch(() => {});
      await running?.catch(() => {});
    },
  };
}
