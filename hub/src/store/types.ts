import type { Meta, Sample } from '@nodetally/shared';
import type { AlertStore } from './alert-types.js';
import type { AuthStore } from './auth-types.js';
import type { RewardStore } from './reward-types.js';
import type { RollupStore } from './rollup-types.js';
import type { SettingsStore } from './settings-types.js';

export interface IncomingSample {
  sample: Sample;
  receivedMs: number;
  /** The JSON text `sample` was decoded from, stored as is (saves serialising it again); absent: stringify. */
  payload?: string;
}

export interface InsertResult {
  inserted: number;
  duplicates: number;
  /**
   * Seqs already stored with a different timestamp: the device handed out a seq twice (its state
   * was lost or copied). The stored row is kept; these are not acked as new data.
   */
  reused: Array<{ device_id: string; seq: number }>;
  /** Highest seq per device that is now durably stored (new or already there). */
  storedUpToSeq: Map<string, number>;
}

export interface DeviceRecord {
  device_id: string;
  name: string | null;
  first_seen_ms: number;
  last_seen_ms: number;
  last_seq: number;
  status: 'online' | 'offline' | 'unknown';
  status_ts_ms: number | null;
  meta: Meta | null;
  latest: Sample | null;
}

export interface DeviceCredential {
  device_id: string;
  token_hash: string;
  revoked_ms: number | null;
}

/**
 * What the hub needs from storage. Async so that PostgreSQL can implement it as well as SQLite;
 * every engine passes the same contract tests. Rewards, sync state and prices: `reward-types.ts`;
 * alert state, history and deliveries: `alert-types.ts`; users, sessions, API tokens: `auth-types.ts`.
 */
export interface Store extends RewardStore, AlertStore, AuthStore, SettingsStore, RollupStore {
  insertSamples(batch: readonly IncomingSample[]): Promise<InsertResult>;
  upsertMeta(meta: Meta, receivedMs: number): Promise<void>;
  setStatus(deviceId: string, state: 'online' | 'offline', tsMs: number): Promise<void>;
  listDevices(): Promise<DeviceRecord[]>;
  countSamples(deviceId: string): Promise<number>;
  /** A device's samples with fromMs ≤ ts < toMs, oldest first, at most `limit`. */
  listSamples(deviceId: string, fromMs: number, toMs: number, limit: number): Promise<Sample[]>;
  /** The highest s in [fromSeq − 1, toSeq] such that every seq fromSeq..s of the device is stored. */
  contiguousThrough(deviceId: string, fromSeq: number, toSeq: number): Promise<number>;
  /** Registers a device and its token hash; false when the id is taken. */
  addDevice(deviceId: string, name: string, tokenHash: string, nowMs: number): Promise<boolean>;
  getCredential(deviceId: string): Promise<DeviceCredential | null>;
  /** Marks a device revoked; false when there is no such device or it was already revoked. */
  revokeDevice(deviceId: string, nowMs: number): Promise<boolean>;
  /** Devices revoked at or after `sinceMs`, for disconnecting them. */
  revokedSince(sinceMs: number): Promise<string[]>;
  addEnrollToken(tokenHash: string, nowMs: number, expiresMs: number): Promise<void>;
  /** Uses a one-time enrollment token: true once, for an unexpired, unused token. */
  consumeEnrollToken(tokenHash: string, deviceId: string, nowMs: number): Promise<boolean>;
  close(): Promise<void>;
}
