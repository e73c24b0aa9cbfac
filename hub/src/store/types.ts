import type { Meta, Sample } from '@nodetally/shared';

export interface IncomingSample {
  sample: Sample;
  receivedMs: number;
}

export interface InsertResult {
  inserted: number;
  duplicates: number;
  /** Highest seq per device that is now durably stored (new or already there). */
  storedUpToSeq: Map<string, number>;
}

export interface DeviceRecord {
  device_id: string;
  first_seen_ms: number;
  last_seen_ms: number;
  last_seq: number;
  status: 'online' | 'offline' | 'unknown';
  status_ts_ms: number | null;
  meta: Meta | null;
  latest: Sample | null;
}

/**
 * What the hub needs from storage. Async so that PostgreSQL can implement it as well as SQLite;
 * every engine passes the same contract tests.
 */
export interface Store {
  insertSamples(batch: readonly IncomingSample[]): Promise<InsertResult>;
  upsertMeta(meta: Meta, receivedMs: number): Promise<void>;
  setStatus(deviceId: string, state: 'online' | 'offline', tsMs: number): Promise<void>;
  listDevices(): Promise<DeviceRecord[]>;
  countSamples(deviceId: string): Promise<number>;
  close(): Promise<void>;
}
