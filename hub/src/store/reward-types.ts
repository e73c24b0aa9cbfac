import type { PricePoint } from '../prices/types.js';
import type { RewardEvent } from '../rewards/types.js';

/** A wallet, hotspot owner, node address or provider whose rewards one source syncs. */
export interface RewardAccountRecord {
  /** Registry id of the source: helium, solana-spl/render, akash, … */
  source: string;
  account: string;
  label: string | null;
  /** Source options (base URL, reward payers / programs, …) as configured; null when none. */
  options: Record<string, unknown> | null;
  /** Devices this account's rewards are attributed to (for earnings per device). */
  devices: string[];
}

export interface NewRewardAccount {
  source: string;
  account: string;
  label?: string | null;
  options?: Record<string, unknown> | null;
}

/** When a sync ran and how often it is meant to run (staleness is judged against the interval). */
export interface SyncMark {
  nowMs: number;
  intervalMs: number;
}

/** Where one source stands for one account (or the price sync for one token: source `prices`). */
export interface SyncState {
  source: string;
  account: string;
  cursor: string | null;
  interval_ms: number;
  last_attempt_ms: number;
  last_success_ms: number | null;
  last_failure_ms: number | null;
  last_error: string | null;
  consecutive_failures: number;
}

export interface StoredRewardEvent extends RewardEvent {
  source: string;
  /** Price of one whole token in the hour of `ts` (exact decimal string), null when none is stored. */
  price: string | null;
}

export interface RewardEventFilter {
  account?: string;
  /** Event network (helium, render, akash, …) or source id (solana-spl/render). */
  network?: string;
  /** Events of the accounts linked to this device. */
  device?: string;
  fromMs?: number;
  /** Exclusive. */
  toMs?: number;
  currency?: string;
  limit?: number;
}

/** A reward event as earnings read it: kind `reward` only, with the price of its own hour. */
export interface EarningsReward {
  /** Registry id of the source that synced it (helium, solana-spl/render, …). */
  source: string;
  network: string;
  account: string;
  token: string;
  /** Integer string in base units. */
  amount: string;
  ts: number;
  /** Price of one whole token in the hour of `ts` in the asked currency, null when none is stored. */
  price: string | null;
}

export interface EarningsRewardFilter {
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  currency: string;
  /** Only events of the accounts linked to this device. */
  device?: string;
}

export interface SaveResult {
  inserted: number;
  duplicates: number;
}

export const HOUR_MS = 3_600_000;
export const hourOf = (ts: number) => Math.floor(ts / HOUR_MS) * HOUR_MS;

export interface RewardStore {
  /** Adds an account, or updates its label / options when given. */
  addRewardAccount(account: NewRewardAccount, nowMs: number): Promise<void>;
  /** Links an existing account to a device; false when the link was already there. */
  linkRewardAccountDevice(source: string, account: string, deviceId: string): Promise<boolean>;
  /** Removes a link; false when there was none. */
  unlinkRewardAccountDevice(source: string, account: string, deviceId: string): Promise<boolean>;
  listRewardAccounts(): Promise<RewardAccountRecord[]>;
  /**
   * Stores new events (ON CONFLICT(key) DO NOTHING) and the source's cursor and success time in ONE
   * transaction: either both are kept or neither.
   */
  saveRewardBatch(
    source: string,
    account: string,
    events: readonly RewardEvent[],
    cursor: string | null,
    mark: SyncMark,
  ): Promise<SaveResult>;
  /** Records a failed sync attempt; the cursor and stored events are left as they were. */
  recordSyncFailure(source: string, account: string, error: string, mark: SyncMark): Promise<void>;
  getSyncState(source: string, account: string): Promise<SyncState | null>;
  listSyncStates(): Promise<SyncState[]>;
  /** Oldest first, each with the stored price of its own hour. */
  listRewardEvents(filter?: RewardEventFilter): Promise<StoredRewardEvent[]>;
  /**
   * Earnings' read: every event of kind `reward` in [fromMs, toMs) in one call (no page limit),
   * oldest first (ts, then key, as `listRewardEvents`), each with its own hour's price in `currency`.
   */
  listEarningsRewards(filter: EarningsRewardFilter): Promise<EarningsReward[]>;
  /** Upserts one price per (token, currency, hour of ts); a later write for the same hour wins. */
  upsertPrices(points: readonly PricePoint[]): Promise<number>;
  /** Hours (start, UTC ms) that hold events of a token but no price in `currency`, oldest first. */
  unpricedEventHours(currency: string): Promise<Array<{ token: string; hour_ms: number }>>;
  getPrice(token: string, currency: string, hourMs: number): Promise<string | null>;
  /** Tokens that have at least one stored event. */
  rewardTokens(): Promise<string[]>;
}
