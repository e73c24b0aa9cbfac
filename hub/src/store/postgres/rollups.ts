import type { Sample } from '@nodetally/shared';
import type pg from 'pg';
import { DAY_MS, dayOf, rollDay } from '../../rollups/days.js';
import { HOUR_MS, hourOf } from '../reward-types.js';
import { planSpanEdits } from '../rollup-earnings.js';
import { dayRow, hourRow, rollupData } from '../rollup-rows.js';
import type { DayRollup, HourRollup, RollupStore } from '../rollup-types.js';
import type { IncomingSample, InsertResult } from '../types.js';
import { inTransaction } from './db.js';
import { applyEdits, deleteEarningsHoursBefore, postgresEarningsHours } from './earnings-hours.js';

// Sorted rows: concurrent workers take the marks' row locks in one order. A mark that exists and is
// not claimed is not rewritten; a claimed one is un-claimed so the job keeps it.
const MARK_DIRTY = `
  INSERT INTO rollup_dirty (device_id, hour_ms)
  SELECT * FROM unnest($1::text[], $2::bigint[]) AS m (device_id, hour_ms) ORDER BY 1, 2
  ON CONFLICT (device_id, hour_ms) DO UPDATE SET claimed = false WHERE rollup_dirty.claimed`;

/**
 * Marks the hours of a batch's stored samples dirty, in the ingest transaction. Duplicates (already
 * stored) are marked too, which costs a recomputation of that hour and nothing else.
 */
export async function markDirty(
  client: pg.PoolClient,
  batch: readonly IncomingSample[],
  result: InsertResult,
): Promise<void> {
  const reused = new Set(result.reused.map((r) => `${r.device_id}\u0000${r.seq}`));
  const marks = new Map<string, [string, number]>();
  for (const { sample } of batch) {
    if (reused.has(`${sample.device_id}\u0000${sample.seq}`)) continue;
    const hour = hourOf(sample.ts);
    marks.set(`${sample.device_id}\u0000${hour}`, [sample.device_id, hour]);
  }
  if (marks.size === 0) return;
  const rows = [...marks.values()];
  await client.query(MARK_DIRTY, [rows.map((r) => r[0]), rows.map((r) => r[1])]);
}

type DataRow = { device_id: string; at_ms: number; data: string };

const HOURS = `SELECT device_id, hour_ms AS at_ms, data FROM hour_rollups
  WHERE device_id = $1 AND hour_ms >= $2 AND hour_ms < $3 ORDER BY hour_ms`;
const HOURS_OF = `SELECT device_id, hour_ms AS at_ms, data FROM hour_rollups
  WHERE ($1::text[] IS NULL OR device_id = ANY($1)) AND hour_ms >= $2 AND hour_ms < $3
  ORDER BY device_id COLLATE "C", hour_ms`;
const DAYS = `SELECT device_id, day_ms AS at_ms, data FROM day_rollups
  WHERE device_id = $1 AND day_ms >= $2 AND day_ms < $3 ORDER BY day_ms`;
const DAYS_OF = `SELECT device_id, day_ms AS at_ms, data FROM day_rollups
  WHERE ($1::text[] IS NULL OR device_id = ANY($1)) AND day_ms >= $2 AND day_ms < $3
  ORDER BY device_id COLLATE "C", day_ms`;
const CLAIM = `
  UPDATE rollup_dirty r SET claimed = true FROM (
    SELECT device_id, hour_ms FROM rollup_dirty WHERE hour_ms < $2
    ORDER BY device_id COLLATE "C", hour_ms LIMIT $1) p
  WHERE r.device_id = p.device_id AND r.hour_ms = p.hour_ms
  RETURNING r.device_id, r.hour_ms`;
const UPSERT_HOUR = `INSERT INTO hour_rollups (device_id, hour_ms, data) VALUES ($1, $2, $3)
  ON CONFLICT (device_id, hour_ms) DO UPDATE SET data = excluded.data`;
const UPSERT_DAY = `INSERT INTO day_rollups (device_id, day_ms, data) VALUES ($1, $2, $3)
  ON CONFLICT (device_id, day_ms) DO UPDATE SET data = excluded.data`;
const DELETE_RAW = `DELETE FROM samples WHERE device_id = $1 AND seq IN (
  SELECT seq FROM samples s WHERE s.device_id = $1 AND s.ts_ms < $2 AND NOT EXISTS (
    SELECT 1 FROM rollup_dirty d WHERE d.device_id = $1 AND d.hour_ms = s.ts_ms - s.ts_ms % ${HOUR_MS})
  LIMIT $3)`;

function grouped<T>(rows: DataRow[], toRow: (r: DataRow) => T, ids: readonly string[] | null) {
  const out = new Map<string, T[]>(ids?.map((id) => [id, []]));
  for (const r of rows) {
    const list = out.get(r.device_id) ?? [];
    list.push(toRow(r));
    out.set(r.device_id, list);
  }
  return out;
}

export function postgresRollupStore(pool: pg.Pool): RollupStore {
  const one = async (sql: string, params: unknown[]) => {
    const { rows } = await pool.query<{ payload: string }>(sql, params);
    return rows[0] ? (JSON.parse(rows[0].payload) as Sample) : null;
  };
  return {
    ...postgresEarningsHours(pool),
    async listHourRollups(deviceId, fromMs, toMs) {
      return (await pool.query<DataRow>(HOURS, [deviceId, fromMs, toMs])).rows.map(hourRow);
    },
    async listDayRollups(deviceId, fromMs, toMs) {
      return (await pool.query<DataRow>(DAYS, [deviceId, fromMs, toMs])).rows.map(dayRow);
    },
    async listHourRollupsForDevices(ids, fromMs, toMs) {
      const { rows } = await pool.query<DataRow>(HOURS_OF, [ids, fromMs, toMs]);
      return grouped<HourRollup>(rows, hourRow, ids);
    },
    async listDayRollupsForDevices(ids, fromMs, toMs) {
      const { rows } = await pool.query<DataRow>(DAYS_OF, [ids, fromMs, toMs]);
      return grouped<DayRollup>(rows, dayRow, ids);
    },
    async rollupPending(limit, beforeMs = Number.MAX_SAFE_INTEGER) {
      const { rows } = await pool.query<{ device_id: string; hour_ms: number }>(CLAIM, [limit, beforeMs]);
      return rows.sort((a, b) =>
        a.device_id === b.device_id ? a.hour_ms - b.hour_ms : a.device_id < b.device_id ? -1 : 1,
      );
    },
    async neighborSamples(deviceId, fromMs, toMs) {
      return {
        before: await one(
          'SELECT payload FROM samples WHERE device_id = $1 AND ts_ms < $2 ORDER BY ts_ms DESC, seq DESC LIMIT 1',
          [deviceId, fromMs],
        ),
        after: await one(
          'SELECT payload FROM samples WHERE device_id = $1 AND ts_ms >= $2 ORDER BY ts_ms, seq LIMIT 1',
          [deviceId, toMs],
        ),
      };
    },
    writeHourRollups: (done, rows, ranges = [], energy = []) =>
      inTransaction(pool, async (client) => {
        await applyEdits(client, planSpanEdits(rows, energy, ranges));
        const days = new Map<string, { device_id: string; day_ms: number }>();
        const touch = (deviceId: string, ms: number) =>
          days.set(`${deviceId}\u0000${dayOf(ms)}`, { device_id: deviceId, day_ms: dayOf(ms) });
        for (const r of ranges) {
          await client.query(
            'DELETE FROM hour_rollups WHERE device_id = $1 AND hour_ms >= $2 AND hour_ms < $3',
            [r.device_id, r.from_ms, r.to_ms],
          );
          for (let d = dayOf(r.from_ms); d < r.to_ms; d += DAY_MS) touch(r.device_id, d);
        }
        for (const row of rows) {
          await client.query(UPSERT_HOUR, [row.device_id, row.hour_ms, rollupData(row)]);
          touch(row.device_id, row.hour_ms);
        }
        for (const { device_id, day_ms } of days.values()) {
          const hours = (await client.query<DataRow>(HOURS, [device_id, day_ms, day_ms + DAY_MS])).rows;
          if (hours.length === 0)
            await client.query('DELETE FROM day_rollups WHERE device_id = $1 AND day_ms = $2', [
              device_id,
              day_ms,
            ]);
          else
            await client.query(UPSERT_DAY, [
              device_id,
              day_ms,
              rollupData(rollDay(device_id, day_ms, hours.map(hourRow))),
            ]);
        }
        if (done.length > 0)
          await client.query(
            `DELETE FROM rollup_dirty d USING unnest($1::text[], $2::bigint[]) AS k (device_id, hour_ms)
             WHERE d.device_id = k.device_id AND d.hour_ms = k.hour_ms AND d.claimed`,
            [done.map((d) => d.device_id), done.map((d) => d.hour_ms)],
          );
      }),
    async deleteRawSamplesBefore(cutoffMs, limit) {
      const { rows } = await pool.query<{ device_id: string }>('SELECT device_id FROM devices');
      let deleted = 0;
      for (const { device_id } of rows) {
        if (deleted >= limit) break;
        deleted += (await pool.query(DELETE_RAW, [device_id, cutoffMs, limit - deleted])).rowCount ?? 0;
      }
      return deleted;
    },
    async deleteHourRollupsBefore(cutoffMs) {
      await deleteEarningsHoursBefore(pool, cutoffMs);
      return (await pool.query('DELETE FROM hour_rollups WHERE hour_ms < $1', [cutoffMs])).rowCount ?? 0;
    },
    async checkpointWal() {},
  };
}
