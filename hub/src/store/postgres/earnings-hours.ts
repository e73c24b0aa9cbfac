import type pg from 'pg';
import { applySpanEdit, assembleEarningsHours, planSpanEdits, type SpanEdit } from '../rollup-earnings.js';
import { SPAN_MS, spanOf } from '../rollup-earnings-format.js';
import type { EarningsBackfill, RollupStore } from '../rollup-types.js';
import { inTransaction } from './db.js';

type Methods = Pick<RollupStore, 'listEarningsHours' | 'earningsBackfillPending' | 'writeEarningsBackfill'>;

const SPANS = `SELECT device_id, span_ms, data FROM earnings_hours
  WHERE device_id = ANY($1) AND span_ms >= $2 AND span_ms < $3`;
const UPSERT = `INSERT INTO earnings_hours (device_id, span_ms, data) VALUES ($1, $2, $3)
  ON CONFLICT (device_id, span_ms) DO UPDATE SET data = excluded.data`;

/** Applies span edits inside the caller's transaction; each span row is locked while it is rewritten. */
export async function applyEdits(client: pg.PoolClient, edits: readonly SpanEdit[]): Promise<void> {
  const sorted = [...edits].sort((a, b) =>
    a.device_id === b.device_id ? a.span_ms - b.span_ms : a.device_id < b.device_id ? -1 : 1,
  );
  for (const e of sorted) {
    const { rows } = await client.query<{ data: Buffer }>(
      'SELECT data FROM earnings_hours WHERE device_id = $1 AND span_ms = $2 FOR UPDATE',
      [e.device_id, e.span_ms],
    );
    const stored = rows[0]?.data ?? null;
    const data = applySpanEdit(stored, e);
    if (data) await client.query(UPSERT, [e.device_id, e.span_ms, Buffer.from(data)]);
    else if (stored)
      await client.query('DELETE FROM earnings_hours WHERE device_id = $1 AND span_ms = $2', [
        e.device_id,
        e.span_ms,
      ]);
  }
}

/** Spans that end at or before the hourly cutoff (a span holding the cutoff is kept whole). */
export async function deleteEarningsHoursBefore(pool: pg.Pool, cutoffMs: number): Promise<number> {
  const r = await pool.query('DELETE FROM earnings_hours WHERE span_ms <= $1', [cutoffMs - SPAN_MS]);
  return r.rowCount ?? 0;
}

/** Earnings hours in PostgreSQL: `earnings_hours (device_id, span_ms, data bytea)`, one row per device-week. */
export function postgresEarningsHours(pool: pg.Pool): Methods {
  return {
    async listEarningsHours(deviceIds, fromMs, toMs, reuse) {
      const ids = [...new Set(deviceIds)];
      const { rows } = await pool.query<{ device_id: string; span_ms: number; data: Buffer }>(SPANS, [
        ids,
        spanOf(fromMs),
        toMs,
      ]);
      const byDevice = new Map<string, Array<[number, Uint8Array]>>();
      for (const r of rows) {
        const list = byDevice.get(r.device_id) ?? [];
        list.push([r.span_ms, r.data]);
        byDevice.set(r.device_id, list);
      }
      return assembleEarningsHours(ids, fromMs, toMs, (id) => byDevice.get(id) ?? [], reuse);
    },
    async earningsBackfillPending(limit) {
      const { rows } = await pool.query<EarningsBackfill>(
        'SELECT device_id, before_ms FROM earnings_backfill ORDER BY device_id COLLATE "C" LIMIT $1',
        [limit],
      );
      return rows;
    },
    writeEarningsBackfill: (mark, fromMs, hours) =>
      inTransaction(pool, async (client) => {
        const clear = [{ device_id: mark.device_id, from_ms: fromMs, to_ms: mark.before_ms }];
        const direct = hours.map((h) => ({ device_id: mark.device_id, ...h }));
        await applyEdits(client, planSpanEdits([], [], [], clear, direct));
        await client.query('DELETE FROM earnings_backfill WHERE device_id = $1', [mark.device_id]);
      }),
  };
}
