import type { HttpOptions } from '../http/index.js';

export type RewardKind = 'reward' | 'other';

/**
 * One movement of a token into (or out of) an account, as the network recorded it. `amount` is a
 * signed integer string in the token's base units (a decimal string never reaches this type): positive
 * flows into the account. `key` is stable across re-syncs, so storing with ON CONFLICT(key) DO
 * NOTHING never duplicates.
 */
export interface RewardEvent {
  key: string;
  network: string;
  account: string;
  token: string;
  amount: string;
  /** UTC epoch ms of the payment (block time), or of the observation for snapshot-differenced sources. */
  ts: number;
  kind: RewardKind;
  /** Transaction id, lease id or row id the amount was read from. */
  ref: string;
}

export interface FetchResult {
  events: RewardEvent[];
  /** Opaque; hand it back on the next fetch. Only returned when the whole page set was read. */
  cursor: string;
}

export interface RewardSource {
  /** Folder name: helium, solana-spl/render, akash, … */
  readonly id: string;
  readonly network: string;
  /**
   * Everything new for `account` since `cursor` (null: from the beginning the API offers). Throws a
   * coded error and returns nothing when any request fails, so a sync never writes a partial result.
   */
  fetch(account: string, cursor: string | null): Promise<FetchResult>;
}

export interface SourceOptions {
  /** The API's base URL; defaults to the real public endpoint. */
  baseUrl?: string;
  http?: HttpOptions;
}
