import type { Sample } from '@nodetally/shared';
import { expect } from 'vitest';
import { validSample } from '../../../../test/support/sample.js';
import { buildCalendar } from '../../earnings/calendar.js';
import { energySlots } from '../../earnings/energy.js';
import { energyReadings } from '../../earnings-service/telemetry.js';
import { rollHours } from '../../rollups/hours.js';
import { runRollups } from '../../rollups/job.js';
import { ROLLUP_DEFAULTS } from '../../rollups/settings.js';
import { rollupData } from '../rollup-rows.js';
import type { Store } from '../types.js';

const H = 3_600_000;
const D0 = Date.UTC(2026, 10, 20);
const DAY = 86_400_000;
const END = D0 + 3 * DAY;
/** Raw samples before this were deleted by retention before the upgrade. */
const RAW_FROM = D0 + 2 * DAY;

/** A sample a minute for three days: GPU load and power that change, one energy counter. */
function samples(device: string, toMs: number): Sample[] {
  const out: Sample[] = [];
  let wh = 100;
  for (let ts = D0, seq = 1; ts < toMs; ts += 60_000, seq++) {
    const watts = 200 + ((seq * 37) % 150);
    wh += (watts * 60) / 3600;
    out.push(
      validSample({
        device_id: device,
        seq,
        ts,
        boot_id: 'b1',
        uptime_s: (ts - D0) / 1000 + 500,
        gpus: [{ index: 0, util_gpu_pct: seq % 100, temp_c: 60, power_draw_w: watts }],
        net: [{ iface: 'eth0', rx_bytes_total: seq * 12_345, tx_bytes_total: seq * 678 }],
        power: { watts, energy_wh_total: Math.round(wh * 1e4) / 1e4, energy_epoch_id: 'e1', parts: [] },
      }) as Sample,
    );
  }
  return out;
}

/**
 * A database at the schema before earnings hours: `rig` has hour rows for 3 days and raw samples for
 * the last one; `gone` has hour rows for one day and no raw samples. `put` writes them in the old schema.
 */
export function oldDatabaseRows() {
  const rig = samples('rig', END);
  const gone = samples('gone', D0 + DAY);
  return {
    rig,
    gone,
    hourRows: [...rollHours('rig', rig, D0, END), ...rollHours('gone', gone, D0, D0 + DAY)].map(
      (r) => [r.device_id, r.hour_ms, rollupData(r)] as const,
    ),
    rawSamples: rig
      .filter((x) => x.ts >= RAW_FROM)
      .map(
        (s) =>
          [s.device_id, s.seq, s.ts, s.ts, s.boot_id, s.uptime_s, null, 1, 2, JSON.stringify(s)] as const,
      ),
  };
}

/**
 * After the upgrade and one rollup run: old hours derived from hour rows and raw hours recomputed
 * equal, for this clean fleet (no gap or restart inside an hour), the per-hour `energySlots` of all
 * raw readings, and the stored hour rows' activity.
 */
export async function expectUpgradedEarningsHours(store: Store, data: ReturnType<typeof oldDatabaseRows>) {
  expect(await store.earningsBackfillPending(10)).toEqual([
    { device_id: 'gone', before_ms: D0 + DAY },
    { device_id: 'rig', before_ms: RAW_FROM },
  ]);
  expect(await store.rollupPending(100)).toHaveLength(24); // the raw hours (claimed here, rolled below)
  const result = await runRollups(store, { ...ROLLUP_DEFAULTS, rawRetentionDays: 0 }, END + H);
  expect(result.backfilled).toBe(2);
  expect(await store.earningsBackfillPending(10)).toEqual([]);
  const cal = buildCalendar('2026-11-20', '2026-11-22', 'UTC');
  for (const [device, list] of [
    ['rig', data.rig],
    ['gone', data.gone],
  ] as const) {
    const slots = energySlots(cal, energyReadings(list));
    // Activity: the hour rows as stored (the first raw hour was recomputed without the deleted sample
    // before it, so its bytes lack that one interval, in the hour row too).
    const rows = new Map((await store.listHourRollups(device, D0, END)).map((r) => [r.hour_ms, r]));
    const got = (await store.listEarningsHours([device], D0, END)).get(device)?.hours;
    const want: number[][] = [];
    const have: number[][] = [];
    for (let i = 0; i < 72; i++) {
      const r = rows.get(D0 + i * H);
      const sum = (a: Float64Array) => [0, 1, 2, 3].reduce((acc, k) => acc + (a[i * 4 + k] as number), 0);
      want.push([
        r ? 1 : 0,
        r?.up_ms ?? 0,
        r?.gpu_busy_ms ?? 0,
        r ? r.rx_bytes + r.tx_bytes : 0,
        sum(slots.measuredMwh),
        sum(slots.interpolatedMwh),
        sum(slots.knownMs),
      ]);
      const at = (a: ArrayLike<number> | undefined) => a?.[i] ?? -1;
      have.push([
        at(got?.present),
        at(got?.upMs),
        at(got?.busyMs),
        at(got?.bytes),
        at(got?.measuredMwh),
        at(got?.interpolatedMwh),
        at(got?.knownMs),
      ]);
    }
    expect(have).toEqual(want);
  }
}
