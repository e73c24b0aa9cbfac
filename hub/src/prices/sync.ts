import { describeError } from '../rewards/sync.js';
import { HOUR_MS, type SyncMark } from '../store/reward-types.js';
import type { Store } from '../store/types.js';
import type { PricePoint, PriceProvider } from './types.js';

/** The sync state of token T's prices is kept as source `prices`, account T. */
export const PRICES_SOURCE = 'prices';

export type PriceOutcome =
  | { token: string; ok: true; stored: number; unpriced_hours: number }
  | { token: string; ok: false; error: string };

/** CoinGecko answers hourly points for ranges up to 90 days; longer gaps are asked for separately. */
const MAX_WINDOW_MS = 89 * 24 * HOUR_MS;

/** Consecutive hours grouped into request ranges [from, to) of at most ~90 days. */
export function hourWindows(hours: readonly number[]): Array<{ fromMs: number; toMs: number }> {
  const windows: Array<{ fromMs: number; toMs: number }> = [];
  for (const hour of [...hours].sort((a, b) => a - b)) {
    const last = windows.at(-1);
    if (last && hour + HOUR_MS - last.fromMs <= MAX_WINDOW_MS) last.toMs = hour + HOUR_MS;
    else windows.push({ fromMs: hour, toMs: hour + HOUR_MS });
  }
  return windows;
}

/**
 * For every token with reward events: hourly history covering the hours of its events that have no
 * price yet, and the spot price (stored in the current hour). A token whose provider fails keeps its
 * earlier prices and gets its error recorded; other tokens go on.
 */
export async function syncPrices(
  store: Store,
  prices: PriceProvider,
  mark: SyncMark,
  currency = 'usd',
): Promise<PriceOutcome[]> {
  const missing = await store.unpricedEventHours(currency);
  const outcomes: PriceOutcome[] = [];
  for (const token of await store.rewardTokens()) {
    try {
      const points: PricePoint[] = [];
      const hours = missing.filter((m) => m.token === token).map((m) => m.hour_ms);
      for (const { fromMs, toMs } of hourWindows(hours)) {
        points.push(...(await prices.history(token, fromMs, toMs, currency)));
      }
      points.push(...(await prices.spot([token], currency)));
      await store.upsertPrices(points);
      await store.saveRewardBatch(PRICES_SOURCE, token, [], null, mark);
      const left = (await store.unpricedEventHours(currency)).filter((m) => m.token === token).length;
      outcomes.push({ token, ok: true, stored: points.length, unpriced_hours: left });
    } catch (error) {
      const message = describeError(error);
      await store.recordSyncFailure(PRICES_SOURCE, token, message, mark);
      outcomes.push({ token, ok: false, error: message });
    }
  }
  return outcomes;
}
