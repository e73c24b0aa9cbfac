import type { Sample } from '@nodetally/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validSample } from '../../../../test/support/sample.js';
import { rollHours } from '../../rollups/hours.js';
import type { HourEnergy } from '../rollup-earnings.js';
import { SPAN_MS, spanOf } from '../rollup-earnings-format.js';
import type { HourRollup } from '../rollup-types.js';
import type { Store } from '../types.js';

const H = 3_600_000;
// An hour 2 h before a stored span's bound, so the rows below cross it.
const T0 = spanOf(Date.UTC(2026, 10, 23)) + SPAN_MS - 2 * H;
const row = (deviceId: string, hourMs: number, o: Partial<HourRollup> = {}): HourRollup => ({
  ...(rollHours(
    deviceId,
    [validSample({ device_id: deviceId, ts: hourMs }) as Sample],
    hourMs,
    hourMs + H,
  )[0] as HourRollup),
  up_ms: H,
  gpu_busy_ms: 1_800_000,
  rx_bytes: 5e12,
  tx_bytes: 7,
  ...o,
});
const energy = (
  deviceId: string,
  hourMs: number,
  measured: number,
  interpolated = 0,
  known = H,
): HourEnergy => ({
  device_id: deviceId,
  hour_ms: hourMs,
  measured_mwh: measured,
  interpolated_mwh: interpolated,
  known_ms: known,
});
const view = async (store: Store, id: string, from: number, to: number) => {
  const got = (await store.listEarningsHours([id], from, to)).get(id);
  const h = got?.hours;
  return {
    last: got?.lastRolledHourMs,
    start: h?.startHourMs,
    rows: Array.from(h?.present ?? [], (p, i) => [
      p,
      h?.upMs[i],
      h?.busyMs[i],
      h?.bytes[i],
      h?.measuredMwh[i],
      h?.interpolatedMwh[i],
      h?.knownMs[i],
    ]),
  };
};

/** Earnings hours (hub/src/store/earnings-hours.ts) as every engine stores them beside hour rows. */
export function earningsHoursContract(engine: string, open: () => Promise<Store> | Store): void {
  describe(`store contract: ${engine} — earnings hours`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('writes hour rows’ activity and the given energy, read back exactly across a span bound', async () => {
      await store.writeHourRollups(
        [],
        [
          row('a', T0),
          row('a', T0 + H, { up_ms: 1234, gpu_busy_ms: 617, rx_bytes: 0, tx_bytes: 0 }),
          row('a', T0 + 2 * H, { samples: 0, up_ms: H, gpu_busy_ms: 0, rx_bytes: 0, tx_bytes: 0 }),
          row('b', T0),
        ],
        [],
        [
          energy('a', T0, 123_456, 789, 3_000_000),
          energy('a', T0 + 3 * H, 2 ** 40, 0, 1.5),
          energy('a', T0 + 2 * H, 0, 5, 1),
        ],
      );
      expect(await view(store, 'a', T0 - H, T0 + 5 * H)).toEqual({
        last: T0 + 3 * H,
        start: T0 - H,
        rows: [
          [0, 0, 0, 0, 0, 0, 0],
          [1, H, 1_800_000, 5e12 + 7, 123_456, 789, 3_000_000],
          [1, 1234, 617, 0, 0, 0, 0],
          [1, H, 0, 0, 0, 5, 1],
          [0, 0, 0, 0, 2 ** 40, 0, 1.5],
          [0, 0, 0, 0, 0, 0, 0],
        ],
      });
      const many = await store.listEarningsHours(['b', 'none', 'b'], T0 + H, T0 + 3 * H);
      expect([...many.keys()]).toEqual(['b', 'none']);
      expect(many.get('none')?.lastRolledHourMs).toBeNull();
      expect(Array.from(many.get('b')?.hours.present ?? [])).toEqual([0, 0]);
      expect(
        Array.from((await store.listEarningsHours(['b'], T0, T0 + H)).get('b')?.hours.present ?? []),
      ).toEqual([1]);
    });

    it('a recomputed range replaces every earnings hour in it, energy-only hours too', async () => {
      await store.writeHourRollups([], [row('a', T0), row('a', T0 + H)], [], [energy('a', T0 + 3 * H, 50)]);
      await store.writeHourRollups(
        [],
        [row('a', T0 + H, { up_ms: 10, gpu_busy_ms: 0, rx_bytes: 1, tx_bytes: 1 })],
        [{ device_id: 'a', from_ms: T0 + H, to_ms: T0 + 4 * H }],
        [energy('a', T0 + H, 9, 0, 10)],
      );
      expect((await view(store, 'a', T0, T0 + 4 * H)).rows).toEqual([
        [1, H, 1_800_000, 5e12 + 7, 0, 0, 0],
        [1, 10, 0, 2, 9, 0, 10],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
      ]);
      await store.writeHourRollups([], [], [{ device_id: 'a', from_ms: T0 - 5 * H, to_ms: T0 + 9 * H }]);
      expect((await view(store, 'a', T0, T0 + 4 * H)).last).toBeNull();
    });

    it('hourly retention drops spans that end before the cutoff and keeps the one holding it', async () => {
      const old = T0 - SPAN_MS;
      await store.writeHourRollups([], [row('a', old), row('a', T0), row('a', T0 + 3 * H)]);
      await store.deleteHourRollupsBefore(T0 + H);
      const got = await view(store, 'a', old, T0 + 4 * H);
      expect(got.rows.map((r) => r[0]).filter((p) => p === 1)).toHaveLength(2);
      expect(got.rows[0]?.[0]).toBe(0);
      expect(got.rows[SPAN_MS / H]?.[0]).toBe(1);
    });

    it('a backfill replaces the hours before its mark and leaves later ones', async () => {
      expect(await store.earningsBackfillPending(10)).toEqual([]);
      await store.writeHourRollups([], [row('a', T0 - H), row('a', T0), row('a', T0 + H)]);
      const hour = { up_ms: 7, busy_ms: 3, bytes: 11, measured_mwh: 13, interpolated_mwh: 0, known_ms: 17 };
      await store.writeEarningsBackfill({ device_id: 'a', before_ms: T0 + H }, T0 - H, [
        { hour_ms: T0, ...hour, present: true },
      ]);
      expect((await view(store, 'a', T0 - H, T0 + 2 * H)).rows).toEqual([
        [0, 0, 0, 0, 0, 0, 0],
        [1, 7, 3, 11, 13, 0, 17],
        [1, H, 1_800_000, 5e12 + 7, 0, 0, 0],
      ]);
    });
  });
}
