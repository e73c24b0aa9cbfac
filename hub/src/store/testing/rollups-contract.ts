import type { Sample } from '@nodetally/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validSample } from '../../../../test/support/sample.js';
import { rollHours } from '../../rollups/hours.js';
import type { HourRollup } from '../rollup-types.js';
import type { Store } from '../types.js';
import { earningsHoursContract } from './earnings-hours-contract.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 10); // an hour boundary
const DAY0 = Date.UTC(2026, 10, 23);
const at = (deviceId: string, seq: number, ts: number) => ({
  sample: validSample({ device_id: deviceId, seq, ts, uptime_s: 1000 + (ts - T0) / 1000 }) as Sample,
  receivedMs: ts,
});
const hourRow = (deviceId: string, hourMs: number, upMs = 1000): HourRollup => ({
  ...(rollHours(
    deviceId,
    [validSample({ device_id: deviceId, ts: hourMs }) as Sample],
    hourMs,
    hourMs + H,
  )[0] as HourRollup),
  up_ms: upMs,
});

/** Rollups, dirty hours and retention (and earnings hours): part of every engine's contract suite. */
export function rollupStoreContract(engine: string, open: () => Promise<Store> | Store): void {
  earningsHoursContract(engine, open);
  describe(`store contract: ${engine} — rollups and retention`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('marks the hours of stored samples dirty; pending claims closed hours, by device then hour', async () => {
      await store.insertSamples([
        at('b', 1, T0 + 5),
        at('a', 1, T0 + H + 5),
        at('a', 2, T0 + 7),
        at('a', 3, T0 + 9),
      ]);
      expect(await store.rollupPending(10, T0 + H)).toEqual([
        { device_id: 'a', hour_ms: T0 },
        { device_id: 'b', hour_ms: T0 },
      ]);
      expect(await store.rollupPending(1)).toEqual([{ device_id: 'a', hour_ms: T0 }]);
      expect(await store.rollupPending(10)).toHaveLength(3);
    });

    it('writing rollups stores hours and their day and clears the marks', async () => {
      await store.insertSamples([at('a', 1, T0 + 5), at('a', 2, T0 + H + 5)]);
      const done = await store.rollupPending(10);
      await store.writeHourRollups(done, [hourRow('a', T0, 1000), hourRow('a', T0 + H, 2000)]);
      expect(await store.rollupPending(10)).toEqual([]);
      const hours = await store.listHourRollups('a', T0, T0 + 2 * H);
      expect(hours.map((h) => [h.hour_ms, h.up_ms])).toEqual([
        [T0, 1000],
        [T0 + H, 2000],
      ]);
      expect(hours[0]).toEqual(hourRow('a', T0, 1000));
      expect(await store.listHourRollups('a', T0 + H, T0 + 2 * H)).toHaveLength(1);
      const [day] = await store.listDayRollups('a', DAY0, DAY0 + 86_400_000);
      expect(day).toMatchObject({ device_id: 'a', day_ms: DAY0, up_ms: 3000, samples: 2 });
      expect(await store.listDayRollups('a', DAY0 + 86_400_000, DAY0 + 2 * 86_400_000)).toEqual([]);
    });

    it('a sample stored after the job claimed its hour keeps the hour dirty', async () => {
      await store.insertSamples([at('a', 1, T0 + 5)]);
      const done = await store.rollupPending(10);
      await store.insertSamples([at('a', 2, T0 + 15)]); // late: the job has not read it
      await store.writeHourRollups(done, [hourRow('a', T0)]);
      expect(await store.rollupPending(10)).toEqual([{ device_id: 'a', hour_ms: T0 }]);
      await store.insertSamples([at('a', 3, T0 + 25)]); // a claimed-then-unclaimed mark stays one mark
      expect(await store.rollupPending(10)).toEqual([{ device_id: 'a', hour_ms: T0 }]);
    });

    it('a late sample for an already rolled hour makes it dirty again', async () => {
      await store.insertSamples([at('a', 5, T0 + 50)]);
      await store.writeHourRollups(await store.rollupPending(10), [hourRow('a', T0)]);
      await store.insertSamples([at('a', 4, T0 + 40), at('a', 5, T0 + 50)]);
      expect(await store.rollupPending(10)).toEqual([{ device_id: 'a', hour_ms: T0 }]);
    });

    it('a recomputed range replaces the rows in it and recomputes or drops its days', async () => {
      await store.writeHourRollups(
        [],
        [hourRow('a', T0, 10), hourRow('a', T0 + H, 20), hourRow('a', T0 - 11 * H, 5)],
      );
      await store.writeHourRollups(
        [],
        [hourRow('a', T0 + H, 30)],
        [{ device_id: 'a', from_ms: T0, to_ms: T0 + 2 * H }],
      );
      expect((await store.listHourRollups('a', 0, T0 + 9 * H)).map((h) => [h.hour_ms, h.up_ms])).toEqual([
        [T0 - 11 * H, 5],
        [T0 + H, 30],
      ]);
      expect((await store.listDayRollups('a', 0, T0 + 9 * H)).map((d) => [d.day_ms, d.up_ms])).toEqual([
        [DAY0 - 86_400_000, 5],
        [DAY0, 30],
      ]);
      await store.writeHourRollups([], [], [{ device_id: 'a', from_ms: T0 - 11 * H, to_ms: T0 - 10 * H }]);
      expect(await store.listDayRollups('a', 0, DAY0)).toEqual([]);
    });

    it('lists rows of many devices at once, grouped by device', async () => {
      await store.writeHourRollups(
        [],
        [hourRow('b', T0), hourRow('a', T0), hourRow('a', T0 + H), hourRow('c', T0 + 5 * H)],
      );
      const all = await store.listHourRollupsForDevices(null, T0, T0 + 2 * H);
      expect([...all.entries()].map(([d, rows]) => [d, rows.map((r) => r.hour_ms)])).toEqual([
        ['a', [T0, T0 + H]],
        ['b', [T0]],
      ]);
      const some = await store.listHourRollupsForDevices(['b', 'none'], T0, T0 + 2 * H);
      expect([...some.entries()].map(([d, rows]) => [d, rows.length])).toEqual([
        ['b', 1],
        ['none', 0],
      ]);
      const days = await store.listDayRollupsForDevices(['a'], DAY0, DAY0 + 86_400_000);
      expect(days.get('a')?.map((d) => d.samples)).toEqual([2]);
    });

    it('finds the samples just outside a range', async () => {
      await store.insertSamples([
        at('a', 1, T0 - 10),
        at('a', 2, T0 + 10),
        at('a', 3, T0 + H),
        at('b', 1, T0 - 5),
      ]);
      const edge = await store.neighborSamples('a', T0, T0 + H);
      expect([edge.before?.seq, edge.after?.seq]).toEqual([1, 3]);
      const none = await store.neighborSamples('a', T0 - 10, T0 + 2 * H);
      expect(none).toEqual({ before: null, after: null });
    });

    it('retention deletes raw samples only in rolled hours, at most `limit`', async () => {
      await store.insertSamples([
        at('a', 1, T0 + 1),
        at('a', 2, T0 + 2),
        at('a', 3, T0 + 3),
        at('a', 4, T0 + H + 1),
        at('b', 1, T0 + 1),
        at('a', 5, T0 + 2 * H + 1),
      ]);
      const pending = await store.rollupPending(10);
      const rolled = pending.filter((p) => p.device_id === 'a' && p.hour_ms === T0);
      await store.writeHourRollups(rolled, [hourRow('a', T0)]);
      expect(await store.deleteRawSamplesBefore(T0 + 2 * H, 2)).toBe(2);
      expect(await store.deleteRawSamplesBefore(T0 + 2 * H, 100)).toBe(1);
      expect(await store.deleteRawSamplesBefore(T0 + 2 * H, 100)).toBe(0);
      expect(await store.countSamples('a')).toBe(2); // hour T0 + H is not rolled yet; T0 + 2H is after the cutoff
      expect(await store.countSamples('b')).toBe(1);
      await store.checkpointWal();
    });

    it('hourly retention deletes old hour rows and keeps the days', async () => {
      await store.writeHourRollups(
        [],
        [hourRow('a', T0 - 48 * H), hourRow('a', T0), hourRow('b', T0 - 47 * H)],
      );
      expect(await store.deleteHourRollupsBefore(T0 - H)).toBe(2);
      expect((await store.listHourRollups('a', 0, T0 + H)).map((h) => h.hour_ms)).toEqual([T0]);
      expect(await store.listDayRollups('a', 0, T0 + H)).toHaveLength(2);
    });
  });
}
