import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { rtx4090Gpu, validSample } from '../../../test/support/sample.js';
import { buildCalendar } from '../earnings/calendar.js';
import { energySlots } from '../earnings/energy.js';
import { energyReadings } from '../earnings-service/telemetry.js';
import { spanOf } from '../store/rollup-earnings-format.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/types.js';
import { runRollups } from './job.js';
import { ROLLUP_DEFAULTS } from './settings.js';

const H = 3_600_000;
const M = 60_000;
// Wednesday 20:00 UTC: the run crosses midnight, which is also a stored span's bound (epoch weeks).
const T0 = Date.UTC(2026, 10, 25, 20);
const tempDb = () => join(mkdtempSync(join(tmpdir(), 'nt-earnings-hours-')), 'nodetally.db');

interface State {
  boot: string;
  bootMs: number;
  epoch: string;
  wh: number;
}

/**
 * One device's raw samples every 30 s with: a short gap the counter covers only in part
 * (interpolated), the agent stopped 2.5 h while the machine stays up (hours with no samples but
 * online) ending in a counter restart (a long, unknown interval), a reboot with a new counter, a long
 * outage with no counter growth, GPU utilization and bytes changing every sample.
 */
function deviceSamples(): Sample[] {
  const out: Sample[] = [];
  const s: State = { boot: 'boot-a', bootMs: T0 - 100_000, epoch: 'e1', wh: 5000 };
  let seq = 1;
  let rx = 1e9;
  const at = (ts: number, watts: number) => {
    rx += 7_000_000 + (seq % 13) * 1_000_003;
    out.push(
      validSample({
        device_id: 'rig',
        seq: seq++,
        ts,
        boot_id: s.boot,
        uptime_s: (ts - s.bootMs) / 1000,
        gpus: [rtx4090Gpu(0, (seq * 7) % 101, 60, 250)],
        net: [
          { iface: 'eth0', rx_bytes_total: rx, tx_bytes_total: rx / 4 },
          { iface: 'lo', rx_bytes_total: seq * 1e6, tx_bytes_total: seq * 1e6 },
        ],
        power: { watts, energy_wh_total: Math.round(s.wh * 1e4) / 1e4, energy_epoch_id: s.epoch, parts: [] },
      }) as Sample,
    );
  };
  const run = (from: number, to: number, watts: number) => {
    for (let t = from; t < to; t += 30_000) {
      if (t > from) s.wh += (watts * 30) / 3600;
      at(t, watts + (t % 7));
    }
  };
  run(T0, T0 + 50 * M, 300);
  s.wh += (300 * 300) / 3600 / 10; // 5 min gap: the counter shows a tenth of it
  run(T0 + 55 * M, T0 + 100 * M, 310);
  s.epoch = 'e2'; // agent stopped 2.5 h, machine up; restarted with a new counter
  s.wh = 2;
  run(T0 + 250 * M, T0 + 300 * M, 280);
  s.boot = 'boot-b'; // reboot: new boot id and counter, 2.5 min without samples
  s.bootMs = T0 + 301 * M;
  s.epoch = 'e3';
  s.wh = 0.5;
  run(T0 + 302.5 * M, T0 + 390 * M, 320);
  s.bootMs -= 50 * M; // down 50 min: uptime does not cover the gap, the counter does not grow
  run(T0 + 440 * M, T0 + 480 * M, 320);
  return out;
}

let store: Store;
afterEach(async () => {
  await store?.close();
});

describe('earnings hours written by the rollup job', () => {
  it('equal energySlots per UTC hour on the raw readings and the hour rows’ activity, exactly', async () => {
    expect(spanOf(T0 + 4 * H)).toBe(T0 + 4 * H);
    store = openSqliteStore(tempDb());
    const samples = deviceSamples();
    // Late data: a block inside the first hours arrives after those hours were rolled.
    const late = (x: Sample) => x.ts >= T0 + 20 * M && x.ts < T0 + 70 * M;
    const rows = (list: Sample[]) => list.map((sample) => ({ sample, receivedMs: sample.ts }));
    await store.insertSamples(rows(samples.filter((x) => !late(x) && x.ts < T0 + 330 * M)));
    await runRollups(store, ROLLUP_DEFAULTS, T0 + 6 * H);
    await store.insertSamples(rows(samples.filter((x) => x.ts >= T0 + 330 * M)));
    await runRollups(store, ROLLUP_DEFAULTS, T0 + 8 * H + M);
    await store.insertSamples(rows(samples.filter(late)));
    await runRollups(store, ROLLUP_DEFAULTS, T0 + 9 * H);

    const from = T0 - 2 * H;
    const to = T0 + 10 * H;
    const got = await store.listEarningsHours(['rig', 'idle'], from, to);
    const cal = buildCalendar('2026-11-25', '2026-11-26', 'UTC');
    const slots = energySlots(cal, energyReadings(samples));
    const hourRows = new Map((await store.listHourRollups('rig', from, to)).map((r) => [r.hour_ms, r]));
    const expected = {
      up: [],
      busy: [],
      bytes: [],
      measured: [],
      interpolated: [],
      known: [],
      present: [],
    } as Record<string, number[]>;
    for (let h = from; h < to; h += H) {
      const s0 = (h - cal.startMs) / 900_000;
      const sum = (a: Float64Array) => [0, 1, 2, 3].reduce((acc, k) => acc + (a[s0 + k] as number), 0);
      const r = hourRows.get(h);
      expected.up?.push(r?.up_ms ?? 0);
      expected.busy?.push(r?.gpu_busy_ms ?? 0);
      expected.bytes?.push(r ? r.rx_bytes + r.tx_bytes : 0);
      expected.present?.push(r && (r.samples > 0 || r.up_ms > 0) ? 1 : 0);
      expected.measured?.push(sum(slots.measuredMwh));
      expected.interpolated?.push(sum(slots.interpolatedMwh));
      expected.known?.push(sum(slots.knownMs));
    }
    const rig = got.get('rig');
    expect(rig?.hours.startHourMs).toBe(from);
    const h = rig?.hours;
    expect({
      up: Array.from(h?.upMs ?? []),
      busy: Array.from(h?.busyMs ?? []),
      bytes: Array.from(h?.bytes ?? []),
      measured: Array.from(h?.measuredMwh ?? []),
      interpolated: Array.from(h?.interpolatedMwh ?? []),
      known: Array.from(h?.knownMs ?? []),
      present: Array.from(h?.present ?? []),
    }).toEqual(expected);
    // The scenario has what it claims: interpolated and unknown time, no-sample online hours.
    expect(expected.interpolated?.filter((x) => x > 0).length).toBeGreaterThanOrEqual(2);
    expect(expected.known?.some((k, i) => k < H && expected.up?.[i] === H)).toBe(true);
    expect([...hourRows.values()].filter((r) => r.samples === 0 && r.up_ms === H)).toHaveLength(2);
    expect(rig?.lastRolledHourMs).toBe(T0 + 7 * H);
    expect(got.get('idle')?.lastRolledHourMs).toBeNull();
    expect(Array.from(got.get('idle')?.hours.upMs ?? []).every((x) => x === 0)).toBe(true);
  });
});
