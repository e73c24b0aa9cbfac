import type Database from 'better-sqlite3';
import { applySpanEdit, assembleEarningsHours, planSpanEdits, type SpanEdit } from '../rollup-earnings.js';
import { SPAN_MS, spanOf } from '../rollup-earnings-format.js';
import type { RollupStore } from '../rollup-types.js';

type Methods = Pick<RollupStore, 'listEarningsHours' | 'earningsBackfillPending' | 'writeEarningsBackfill'>;

/**
 * Earnings hours in SQLite: `earnings_hours (device_id, span_ms, data BLOB)`, one row per device per
 * week (`rollup-earnings-format.ts`). `applyEdits` runs inside the caller's transaction.
 */
export function sqliteEarningsHours(db: Database.Database) {
  const spans = db
    .prepare(
      'SELECT span_ms, data FROM earnings_hours WHERE device_id = ? AND span_ms >= ? AND span_ms < ? ORDER BY span_ms',
    )
    .raw();
  const one = db.prepare('SELECT data FROM earnings_hours WHERE device_id = ? AND span_ms = ?').pluck();
  const upsert = db.prepare(`INSERT INTO earnings_hours (device_id, span_ms, data) VALUES (?, ?, ?)
    ON CONFLICT (device_id, span_ms) DO UPDATE SET data = excluded.data`);
  const remove = db.prepare('DELETE FROM earnings_hours WHERE device_id = ? AND span_ms = ?');
  const pending = db.prepare('SELECT device_id, before_ms FROM earnings_backfill ORDER BY device_id LIMIT ?');
  const unmark = db.prepare('DELETE FROM earnings_backfill WHERE device_id = ?');
  const expire = db.prepare('DELETE FROM earnings_hours WHERE span_ms <= ?');

  const applyEdits = (edits: readonly SpanEdit[]) => {
    for (const e of edits) {
      const stored = (one.get(e.device_id, e.span_ms) as Buffer | undefined) ?? null;
      const data = applySpanEdit(stored, e);
      if (data) upsert.run(e.device_id, e.span_ms, data);
      else if (stored) remove.run(e.device_id, e.span_ms);
    }
  };

  const backfill = db.transaction(
    (...[mark, fromMs, hours]: Parameters<Methods['writeEarningsBackfill']>) => {
      const clear = [{ device_id: mark.device_id, from_ms: fromMs, to_ms: mark.before_ms }];
      const rows = hours.map((h) => ({ device_id: mark.device_id, ...h }));
      applyEdits(planSpanEdits([], [], [], clear, rows));
      unmark.run(mark.device_id);
    },
  );

  const methods: Methods = {
    async listEarningsHours(deviceIds, fromMs, toMs, reuse) {
      return assembleEarningsHours(
        deviceIds,
        fromMs,
        toMs,
        (id) => spans.all(id, spanOf(fromMs), toMs) as Array<[number, Buffer]>,
        reuse,
      );
    },
    async earningsBackfillPending(limit) {
      return pending.all(limit) as Awaited<ReturnType<Methods['earningsBackfillPending']>>;
    },
    async writeEarningsBackfill(mark, fromMs, hours) {
      backfill(mark, fromMs, hours);
    },
  };
  return {
    methods,
    applyEdits,
    /** Spans that end at or before the hourly cutoff (a span holding the cutoff is kept whole). */
    deleteBefore: (cutoffMs: number) => expire.run(cutoffMs - SPAN_MS).changes,
  };
}
