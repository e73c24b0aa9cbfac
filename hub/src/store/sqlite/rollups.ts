import type { Sample } from '@nodetally/shared';
import type Database from 'better-sqlite3';
import { DAY_MS, dayOf, rollDay } from '../../rollups/days.js';
import { HOUR_MS, hourOf } from '../reward-types.js';
import { planSpanEdits } from '../rollup-earnings.js';
import { dayRow, hourRow, rollupData } from '../rollup-rows.js';
import type { DayRollup, HourRollup, RollupStore } from '../rollup-types.js';
import { sqliteEarningsHours } from './earnings-hours.js';

/**
 * Marks the (device, hour) of newly stored samples dirty, inside the ingest transaction. A mark that
 * exists and is not claimed is left alone (no write on the hot path); a claimed one is un-claimed.
 */
export function sqliteDirtyMarker(db: Database.Database) {
  const mark = db.prepare(`INSERT INTO rollup_dirty (device_id, hour_ms) VALUES (?, ?)
    ON CONFLICT (device_id, hour_ms) DO UPDATE SET claimed = 0 WHERE claimed = 1`);
  return () => {
    const seen = new Set<string>();
    return (deviceId: string, ts: number) => {
      const hour = hourOf(ts);
      const key = `${deviceId}\u0000${hour}`;
      if (seen.has(key)) return;
      seen.add(key);
      mark.run(deviceId, hour);
    };
  };
}

type DataRow = { device_id: string; at_ms: number; data: string };

export function sqliteRollupStore(db: Database.Database): RollupStore {
  const hoursOf = db.prepare(
    'SELECT device_id, hour_ms AS at_ms, data FROM hour_rollups WHERE device_id = ? AND hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms',
  );
  const allHours = db.prepare(
    'SELECT device_id, hour_ms AS at_ms, data FROM hour_rollups WHERE hour_ms >= ? AND hour_ms < ? ORDER BY device_id, hour_ms',
  );
  const daysOf = db.prepare(
    'SELECT device_id, day_ms AS at_ms, data FROM day_rollups WHERE device_id = ? AND day_ms >= ? AND day_ms < ? ORDER BY day_ms',
  );
  const allDays = db.prepare(
    'SELECT device_id, day_ms AS at_ms, data FROM day_rollups WHERE day_ms >= ? AND day_ms < ? ORDER BY device_id, day_ms',
  );
  const pending = db.prepare(
    'SELECT device_id, hour_ms FROM rollup_dirty WHERE hour_ms < ? ORDER BY device_id, hour_ms LIMIT ?',
  );
  const claim = db.prepare('UPDATE rollup_dirty SET claimed = 1 WHERE device_id = ? AND hour_ms = ?');
  const unmark = db.prepare('DELETE FROM rollup_dirty WHERE device_id = ? AND hour_ms = ? AND claimed = 1');
  const before = db
    .prepare(
      'SELECT payload FROM samples WHERE device_id = ? AND ts_ms < ? ORDER BY ts_ms DESC, seq DESC LIMIT 1',
    )
    .pluck();
  const after = db
    .prepare('SELECT payload FROM samples WHERE device_id = ? AND ts_ms >= ? ORDER BY ts_ms, seq LIMIT 1')
    .pluck();
  const upsertHour = db.prepare(`INSERT INTO hour_rollups (device_id, hour_ms, data) VALUES (?, ?, ?)
    ON CONFLICT (device_id, hour_ms) DO UPDATE SET data = excluded.data`);
  const clearHours = db.prepare(
    'DELETE FROM hour_rollups WHERE device_id = ? AND hour_ms >= ? AND hour_ms < ?',
  );
  const upsertDay = db.prepare(`INSERT INTO day_rollups (device_id, day_ms, data) VALUES (?, ?, ?)
    ON CONFLICT (device_id, day_ms) DO UPDATE SET data = excluded.data`);
  const deleteDay = db.prepare('DELETE FROM day_rollups WHERE device_id = ? AND day_ms = ?');
  const devices = db.prepare('SELECT device_id FROM devices ORDER BY device_id').pluck();
  const deleteRaw = db.prepare(`DELETE FROM samples WHERE device_id = @id AND seq IN (
    SELECT seq FROM samples s WHERE s.device_id = @id AND s.ts_ms < @cutoff AND NOT EXISTS (
      SELECT 1 FROM rollup_dirty d WHERE d.device_id = @id AND d.hour_ms = s.ts_ms - s.ts_ms % ${HOUR_MS})
    LIMIT @limit)`);
  const deleteHours = db.prepare('DELETE FROM hour_rollups WHERE hour_ms < ?');
  const earnings = sqliteEarningsHours(db);

  const grouped = <T>(rows: DataRow[], toRow: (r: DataRow) => T, ids: readonly string[] | null) => {
    const out = new Map<string, T[]>(ids?.map((id) => [id, []]));
    for (const r of rows) {
      const list = out.get(r.device_id) ?? [];
      list.push(toRow(r));
      out.set(r.device_id, list);
    }
    return out;
  };
  const parse = (payload: string | undefined) => (payload ? (JSON.parse(payload) as Sample) : null);

  const claimPending = db.transaction((limit: number, beforeMs: number) => {
    const rows = pending.all(beforeMs, limit) as Array<{ device_id: string; hour_ms: number }>;
    for (const r of rows) claim.run(r.device_id, r.hour_ms);
    return rows;
  });

  const write = db.transaction(
    (
      done: Parameters<RollupStore['writeHourRollups']>[0],
      rows: readonly HourRollup[],
      ranges: Parameters<RollupStore['writeHourRollups']>[2],
      energy: Parameters<RollupStore['writeHourRollups']>[3],
    ) => {
      earnings.applyEdits(planSpanEdits(rows, energy ?? [], ranges ?? []));
      const days = new Map<string, { device_id: string; day_ms: number }>();
      const touch = (deviceId: string, ms: number) =>
        days.set(`${deviceId}\u0000${dayOf(ms)}`, { device_id: deviceId, day_ms: dayOf(ms) });
      for (const r of ranges ?? []) {
        clearHours.run(r.device_id, r.from_ms, r.to_ms);
        for (let d = dayOf(r.from_ms); d < r.to_ms; d += DAY_MS) touch(r.device_id, d);
      }
      for (const row of rows) {
        upsertHour.run(row.device_id, row.hour_ms, rollupData(row));
        touch(row.device_id, row.hour_ms);
      }
      for (const { device_id, day_ms } of days.values()) {
        const hours = (hoursOf.all(device_id, day_ms, day_ms + DAY_MS) as DataRow[]).map(hourRow);
        if (hours.length === 0) deleteDay.run(device_id, day_ms);
        else upsertDay.run(device_id, day_ms, rollupData(rollDay(device_id, day_ms, hours)));
      }
      for (const d of done) unmark.run(d.device_id, d.hour_ms);
    },
  );

  return {
    ...earnings.methods,
    async listHourRollups(deviceId, fromMs, toMs) {
      return (hoursOf.all(deviceId, fromMs, toMs) as DataRow[]).map(hourRow);
    },
    async listDayRollups(deviceId, fromMs, toMs) {
      return (daysOf.all(deviceId, fromMs, toMs) as DataRow[]).map(dayRow);
    },
    async listHourRollupsForDevices(ids, fromMs, toMs) {
      const rows = ids
        ? ids.flatMap((id) => hoursOf.all(id, fromMs, toMs) as DataRow[])
        : (allHours.all(fromMs, toMs) as DataRow[]);
      return grouped<HourRollup>(rows, hourRow, ids);
    },
    async listDayRollupsForDevices(ids, fromMs, toMs) {
      const rows = ids
        ? ids.flatMap((id) => daysOf.all(id, fromMs, toMs) as DataRow[])
        : (allDays.all(fromMs, toMs) as DataRow[]);
      return grouped<DayRollup>(rows, dayRow, ids);
    },
    async rollupPending(limit, beforeMs = Number.MAX_SAFE_INTEGER) {
      return claimPending(limit, beforeMs);
    },
    async neighborSamples(deviceId, fromMs, toMs) {
      return {
        before: parse(before.get(deviceId, fromMs) as string | undefined),
        after: parse(after.get(deviceId, toMs) as string | undefined),
      };
    },
    async writeHourRollups(done, rows, ranges, energy) {
      write(done, rows, ranges, energy);
    },
    async deleteRawSamplesBefore(cutoffMs, limit) {
      let deleted = 0;
      for (const id of devices.all() as string[]) {
        if (deleted >= limit) break;
        deleted += deleteRaw.run({ id, cutoff: cutoffMs, limit: limit - deleted }).changes;
      }
      return deleted;
    },
    async deleteHourRollupsBefore(cutoffMs) {
      earnings.deleteBefore(cutoffMs);
      return deleteHours.run(cutoffMs).changes;
    },
    async checkpointWal() {
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
