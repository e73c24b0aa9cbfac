import type pg from 'pg';
import type { IncomingSample, InsertResult } from '../types.js';

const INSERT_SAMPLES = `
  INSERT INTO samples (device_id, seq, ts_ms, received_ms, boot_id, uptime_s, cpu_load_pct,
                       mem_used_bytes, mem_total_bytes, payload)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
                       $6::float8[], $7::float8[], $8::bigint[], $9::bigint[], $10::text[])
  ON CONFLICT (device_id, seq) DO NOTHING
  RETURNING device_id, seq`;

const STORED_TS = `
  SELECT s.device_id, s.seq, s.ts_ms FROM samples s
  JOIN unnest($1::text[], $2::bigint[]) AS k (device_id, seq) ON s.device_id = k.device_id AND s.seq = k.seq`;

// One row per device (DO UPDATE may touch a row once per statement); SET reads the old row's values.
const TOUCH_DEVICES = `
  INSERT INTO devices (device_id, first_seen_ms, last_seen_ms, last_seq, latest_json)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[])
  ON CONFLICT (device_id) DO UPDATE SET
    last_seen_ms = greatest(devices.last_seen_ms, excluded.last_seen_ms),
    latest_json = CASE WHEN excluded.last_seq > devices.last_seq THEN excluded.latest_json
                       ELSE devices.latest_json END,
    last_seq = greatest(devices.last_seq, excluded.last_seq)`;

const keyOf = (deviceId: string, seq: number) => `${deviceId}\u0000${seq}`;

interface Touch {
  firstSeen: number;
  lastSeen: number;
  lastSeq: number;
  latest: string;
}

/**
 * Sorted by (device, seq), stably: concurrent hub workers then take row locks in the same order
 * (no deadlock), and of two copies of one (device, seq) in a batch the first still wins.
 */
function lockOrder(batch: readonly IncomingSample[]): IncomingSample[] {
  return [...batch].sort((a, b) =>
    a.sample.device_id < b.sample.device_id
      ? -1
      : a.sample.device_id > b.sample.device_id
        ? 1
        : a.sample.seq - b.sample.seq,
  );
}

/**
 * One ingest batch, inside the caller's transaction: all samples in one INSERT … ON CONFLICT
 * (device_id, seq) DO NOTHING, then the devices' last seen / latest sample in one upsert. The
 * result is what SQLite's row-by-row loop reports for the same batch.
 */
export async function insertBatch(
  client: pg.PoolClient,
  batch: readonly IncomingSample[],
): Promise<InsertResult> {
  const result: InsertResult = { inserted: 0, duplicates: 0, reused: [], storedUpToSeq: new Map() };
  if (batch.length === 0) return result;
  const rows = lockOrder(batch);
  const payloads = rows.map(({ sample, payload }) => payload ?? JSON.stringify(sample));
  const column = <T>(pick: (row: IncomingSample) => T) => rows.map(pick);
  const inserted = await client.query<{ device_id: string; seq: number }>(INSERT_SAMPLES, [
    column((r) => r.sample.device_id),
    column((r) => r.sample.seq),
    column((r) => r.sample.ts),
    column((r) => r.receivedMs),
    column((r) => r.sample.boot_id),
    column((r) => r.sample.uptime_s),
    column((r) => r.sample.cpu_load_pct ?? null),
    column((r) => r.sample.mem_used_bytes),
    column((r) => r.sample.mem_total_bytes),
    payloads,
  ]);
  const fresh = new Set(inserted.rows.map((row) => keyOf(row.device_id, row.seq)));
  const storedTs = new Map<string, number>();
  // Rows not inserted now (already stored, or a second copy in this batch): compare timestamps.
  if (fresh.size < rows.length) {
    const stored = await client.query<{ device_id: string; seq: number; ts_ms: number }>(STORED_TS, [
      rows.map((r) => r.sample.device_id),
      rows.map((r) => r.sample.seq),
    ]);
    for (const row of stored.rows) storedTs.set(keyOf(row.device_id, row.seq), row.ts_ms);
  }

  const touches = new Map<string, Touch>();
  rows.forEach(({ sample, receivedMs }, i) => {
    const key = keyOf(sample.device_id, sample.seq);
    if (fresh.delete(key)) result.inserted++;
    else if (storedTs.get(key) === sample.ts) result.duplicates++;
    else {
      result.reused.push({ device_id: sample.device_id, seq: sample.seq });
      return;
    }
    const touch = touches.get(sample.device_id);
    const payload = payloads[i] as string;
    if (!touch) {
      touches.set(sample.device_id, {
        firstSeen: receivedMs,
        lastSeen: receivedMs,
        lastSeq: sample.seq,
        latest: payload,
      });
    } else {
      touch.lastSeen = Math.max(touch.lastSeen, receivedMs);
      if (sample.seq > touch.lastSeq) Object.assign(touch, { lastSeq: sample.seq, latest: payload });
    }
    result.storedUpToSeq.set(
      sample.device_id,
      Math.max(result.storedUpToSeq.get(sample.device_id) ?? 0, sample.seq),
    );
  });

  if (touches.size > 0) {
    const devices = [...touches.keys()];
    const touch = (id: string) => touches.get(id) as Touch;
    await client.query(TOUCH_DEVICES, [
      devices,
      devices.map((id) => touch(id).firstSeen),
      devices.map((id) => touch(id).lastSeen),
      devices.map((id) => touch(id).lastSeq),
      devices.map((id) => touch(id).latest),
    ]);
  }
  return result;
}

const CONTIGUOUS = `
  SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM samples WHERE device_id = $1 AND seq = $2) THEN $2 - 1
    ELSE least($3, (SELECT s.seq FROM samples s
                    WHERE s.device_id = $1 AND s.seq BETWEEN $2 AND $3
                      AND NOT EXISTS (SELECT 1 FROM samples n WHERE n.device_id = $1 AND n.seq = s.seq + 1)
                    ORDER BY s.seq LIMIT 1))
  END AS through`;

/** The end of the stored run that starts at fromSeq (capped at toSeq): the first stored seq whose next is missing. */
export async function contiguousThrough(
  pool: pg.Pool,
  deviceId: string,
  fromSeq: number,
  toSeq: number,
): Promise<number> {
  if (toSeq < fromSeq) return fromSeq - 1;
  const { rows } = await pool.query<{ through: number }>(CONTIGUOUS, [deviceId, fromSeq, toSeq]);
  return rows[0]?.through ?? fromSeq - 1;
}
