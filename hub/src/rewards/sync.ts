import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import type { SyncMark } from '../store/reward-types.js';
import type { Store } from '../store/types.js';
import { checkRewardEvent } from './event.js';
import type { RewardSource } from './types.js';

export type SyncOutcome =
  | { source: string; account: string; ok: true; inserted: number; duplicates: number }
  | { source: string; account: string; ok: false; error: string };

/** `NT_ERR_…: message` for the sync state and the log; never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof NodetallyError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Refuses the whole answer when one event is malformed or belongs to another account. */
function checkEvents(source: RewardSource, account: string, events: readonly unknown[]): void {
  for (const event of events as Parameters<typeof checkRewardEvent>[0][]) {
    const problems = checkRewardEvent(event);
    if (event.account !== account) problems.push(`event of account ${event.account}`);
    if (problems.length > 0) {
      throw new NodetallyError(
        ErrorCodes.REWARDS_RESPONSE,
        `${source.id}: event ${String(event.key)} refused: ${problems.join('; ')}`,
      );
    }
  }
}

/**
 * One sync of one account: from the stored cursor, fetch everything new, then store the events and the
 * next cursor in one transaction. Any failure stores nothing but the error (and so keeps the cursor).
 */
export async function syncAccount(
  store: Store,
  source: RewardSource,
  account: string,
  mark: SyncMark,
): Promise<SyncOutcome> {
  try {
    const state = await store.getSyncState(source.id, account);
    const { events, cursor } = await source.fetch(account, state?.cursor ?? null);
    checkEvents(source, account, events);
    const saved = await store.saveRewardBatch(source.id, account, events, cursor, mark);
    return { source: source.id, account, ok: true, ...saved };
  } catch (error) {
    const message = describeError(error);
    await store.recordSyncFailure(source.id, account, message, mark);
    return { source: source.id, account, ok: false, error: message };
  }
}
