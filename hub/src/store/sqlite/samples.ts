import type Database from 'better-sqlite3';
import type { IncomingSample, InsertResult } from '../types.js';
import { sqliteDirtyMarker } from './rollups.js';
import { datasyncFile, WalSync } from './wal-sync.js';

/** The newest sample of one device in a batch: what its `devices` row is updated with, once. */
interface DeviceTouch {
  device_id: string;
  first_ms: number;
  received_ms: number;
  seq: number;
  payload: string;
}

/**
 * The sample-insert path: one transaction per batch with `INSERT … ON CONFLICT (device_id, seq) DO
 * NOTHING`, the dirty-hour marks of new samples in the same transaction, and one `devices` row write
 * per device per batch (not per sample: `latest_json` is the newest sample's payload either way).
 */
export function sqliteSampleInserter(
  db: Database.Database,
): (batch: readonly IncomingSample[]) => InsertResult {
  const insertSample = db.prepare(`
    INSERT INTO samples (device_id, seq, ts_ms, received_ms, boot_id, uptime_s, cpu_load_pct,
                         mem_used_bytes, mem_total_bytes, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (device_id, seq) DO NOTHING`);
  const storedTs = db.prepare('SELECT ts_ms FROM samples WHERE device_id = ? AND seq = ?').pluck();
  const touchDevice = db.prepare(`
    INSERT INTO devices (device_id, first_seen_ms, last_seen_ms, last_seq, latest_json)
    VALUES (@device_id, @first_ms, @received_ms, @seq, @payload)
    ON CONFLICT (device_id) DO UPDATE SET
      last_seen_ms = max(last_seen_ms, excluded.last_seen_ms),
      latest_json = CASE WHEN excluded.last_seq > last_seq THEN excluded.latest_json ELSE latest_json END,
      last_seq = max(last_seq, excluded.last_seq)`);
  const dirtyMarks = sqliteDirtyMarker(db);

  return db.transaction((batch: readonly IncomingSample[]): InsertResult => {
    const markDirty = dirtyMarks();
    const result: InsertResult = { inserted: 0, duplicates: 0, reused: [], storedUpToSeq: new Map() };
    const touches = new Map<string, DeviceTouch>();
    for (const incoming of batch) {
      const { sample, receivedMs } = incoming;
      const payload = incoming.payload ?? JSON.stringify(sample);
      const { device_id, seq, ts } = sample;
      const changes = insertSample.run(
        device_id,
        seq,
        ts,
        receivedMs,
        sample.boot_id,
        sample.uptime_s,
        sample.cpu_load_pct,
        sample.mem_used_bytes,
        sample.mem_total_bytes,
        payload,
      ).changes;
      if (changes === 1) {
        result.inserted++;
        markDirty(device_id, ts);
      } else if (storedTs.get(device_id, seq) === ts) result.duplicates++;
      else {
        result.reused.push({ device_id, seq });
        continue;
      }
      const touch = touches.get(device_id);
      if (!touch)
        touches.set(device_id, { device_id, first_ms: receivedMs, received_ms: receivedMs, seq, payload });
      else {
        touch.received_ms = Math.max(touch.received_ms, receivedMs);
        if (seq > touch.seq) {
          touch.seq = seq;
          touch.payload = payload;
        }
      }
    }
    for (const touch of touches.values()) {
      touchDevice.run(touch);
      result.storedUpToSeq.set(touch.device_id, touch.seq);
    }
    return result;
  });
}

/**
 * `insertSamples` of the SQLite store: the batch commits with synchronous=NORMAL (the rest of the
 * store keeps FULL) and the promise resolves only after the WAL holding that commit is fdatasynced,
 * off the main thread and shared by the batches committed meanwhile. `sync` is replaceable in tests.
 */
export function sqliteDurableSampleInserter(
  db: Database.Database,
  file: string,
  sync: () => Promise<void> = () => datasyncFile(`${file}-wal`),
): (batch: readonly IncomingSample[]) => Promise<InsertResult> {
  const insert = sqliteSampleInserter(db);
  const walSync = new WalSync(sync);
  return async (batch) => {
    db.pragma('synchronous = NORMAL');
    let result: InsertResult;
    try {
      result = insert(batch);
    } finally {
      db.pragma('synchronous = FULL');
    }
    await walSync.afterCommit();
    return result;
  };
}
