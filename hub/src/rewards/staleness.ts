import type { SyncState } from '../store/reward-types.js';

/** A source's data is stale when it never synced, or its last success is older than this many intervals. */
export const STALE_AFTER_INTERVALS = 3;

export function isStale(state: SyncState, nowMs: number): boolean {
  if (state.last_success_ms === null) return true;
  return nowMs - state.last_success_ms > STALE_AFTER_INTERVALS * state.interval_ms;
}
