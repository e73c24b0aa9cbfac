import { loadState } from '../../alerts/state.js';
import type { Store } from '../../store/types.js';
import type { HubEvents } from '../events.js';

/**
 * Firing alerts per device, from the alert engine's stored state. The state is one JSON document
 * over every device, so it is read at most every `refreshMs`, and again after an `alert` event.
 */
export class ActiveAlertCounts {
  private counts = new Map<string, number>();
  private loadedMs = Number.NEGATIVE_INFINITY;
  private dirty = false;
  private loading: Promise<ReadonlyMap<string, number>> | null = null;
  private readonly stopListening: () => void;

  constructor(
    private readonly store: Store,
    events: HubEvents | undefined,
    private readonly refreshMs = 15_000,
    private readonly now: () => number = Date.now,
  ) {
    this.stopListening =
      events?.on('alert', () => {
        this.dirty = true;
      }) ?? (() => {});
  }

  async get(): Promise<ReadonlyMap<string, number>> {
    if (!this.dirty && this.now() - this.loadedMs < this.refreshMs) return this.counts;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<ReadonlyMap<string, number>> {
    this.dirty = false;
    const startedMs = this.now();
    const state = loadState(await this.store.getAlertState());
    const counts = new Map<string, number>();
    for (const entry of Object.values(state.entries)) {
      if (entry.phase === 'firing') counts.set(entry.device_id, (counts.get(entry.device_id) ?? 0) + 1);
    }
    this.counts = counts;
    this.loadedMs = startedMs;
    return counts;
  }

  close(): void {
    this.stopListening();
  }
}
