import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { buildCalendar } from '../earnings/calendar.js';
import { runRollups } from '../rollups/job.js';
import { ROLLUP_DEFAULTS } from '../rollups/settings.js';
import type { HourRollup } from '../store/rollup-types.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { computeDays } from './compute.js';
import { addRollupActivity, rollupReadings } from './rollup-telemetry.js';
import { DEFAULT_EARNINGS, earningsPlan } from './settings.js';
import { type ActivityAcc, finishActivity } from './telemetry.js';

const Q = 900_000;
const HOUR = 3_600_000;
const START = Date.UTC(2024, 2, 8);

/** 100 W, 40 % GPU, 2 kB per 15 min, with a 3-hour outage on the 9th (uptime frozen, no power). */
function samples(): { sample: Sample; receivedMs: number }[] {
  const out = [];
  let uptime = 500;
  let wh = 0;
  let rx = 0;
  for (let ts = START, seq = 1; ts <= START + 3 * 86_400_000; ts += Q, seq++) {
    const down = ts - Q >= Date.UTC(2024, 2, 9, 5) && ts - Q < Date.UTC(2024, 2, 9, 8);
    if (ts > START && !down) {
      uptime += 900;
      wh += 25;
      rx += 2000;
    }
    const sample = validSample({
      device_id: 'rig',
      seq,
      ts,
      boot_id: 'b',
      uptime_s: uptime,
      net: [{ iface: 'eth0', rx_bytes_total: rx, tx_bytes_total: 0 }],
      gpus: [{ index: 0, util_gpu_pct: 40 }],
      power: { watts: down ? 0 : 100, energy_wh_total: wh, energy_epoch_id: 'e', parts: [] },
    }) as Sample;
    out.push({ sample, receivedMs: ts });
  }
  return out;
}

const view = (days: Map<string, import('../earnings/device-day.js').DeviceDay[]>) =>
  (days.get('rig') ?? []).map((d) => ({
    day: d.day,
    uptimeS: d.uptimeS,
    gpuBusyS: d.gpuBusyS,
    bytes: d.bytes,
    measuredMwh: d.energy.measuredMwh,
    interpolatedMwh: d.energy.interpolatedMwh,
    unknownMs: d.energy.unknownMs,
  }));

describe('earnings from hour rollups', () => {
  for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Kolkata']) {
    it(`${zone}: rollups plus the raw tail give the days the raw samples gave`, async () => {
      const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-earn-rollups-')), 'nodetally.db'));
      await store.insertSamples(samples());
      const plan = earningsPlan({ ...DEFAULT_EARNINGS, timeZone: zone });
      const nowMs = Date.UTC(2024, 2, 10, 18, 20);
      const raw = view((await computeDays(store, plan, '2024-03-08', '2024-03-10', null, nowMs)).days);
      // Roll every closed hour, then drop raw samples older than a day: the 8th and most of the 9th
      // can only come from rollups now; the hours since 18:00 on the 10th only from raw samples.
      await runRollups(store, { ...ROLLUP_DEFAULTS, rawRetentionDays: 1, retentionDeleteBatch: 1e9 }, nowMs);
      expect(await store.countSamples('rig')).toBeLessThan(samples().length / 2);
      const rolled = view((await computeDays(store, plan, '2024-03-08', '2024-03-10', null, nowMs)).days);
      // Online, GPU-busy time, bytes and measured energy are the same every day.
      const same = (v: typeof raw) => v.map(({ interpolatedMwh: _i, unknownMs: _u, ...rest }) => rest);
      expect(same(rolled)).toEqual(same(raw));
      // Interpolation differs only at the outage: raw samples bridge its first 15-minute interval at
      // mean power (12.5 Wh); the rollup keeps only 05:00 and 05:45 of that hour, a 45-minute span the
      // counter does not cover, which is longer than the 15 minutes ever interpolated: unknown.
      const day = raw.find((d) => d.interpolatedMwh > 0);
      const rolledDay = rolled.find((d) => d.day === day?.day);
      expect(day?.interpolatedMwh).toBe(12_500);
      expect(rolledDay?.interpolatedMwh).toBe(0);
      expect(rolledDay?.unknownMs).toBe((day?.unknownMs ?? 0) + 45 * 60_000);
      const others = (v: typeof raw) => v.filter((d) => d.day !== day?.day);
      expect(others(rolled)).toEqual(others(raw));
      if (zone === 'UTC') expect(rolled[1]?.uptimeS).toBe(86_400 - 3 * 3600);
      await store.close();
    });
  }

  const hour = (hourMs: number, upMs: number, busyMs: number): HourRollup => ({
    device_id: 'rig',
    hour_ms: hourMs,
    samples: 4,
    up_ms: upMs,
    gpu_busy_ms: busyMs,
    rx_bytes: 1000,
    tx_bytes: 200,
    cpu_pct_avg: null,
    cpu_pct_max: null,
    mem_used_bytes_avg: null,
    mem_total_bytes: null,
    temp_c_max: null,
    power_w_avg: null,
    gpus: [],
    energy_first: { ts: hourMs + 1000, energy_wh_total: 1, epoch_id: 'e', watts: 10 },
    energy_last: { ts: hourMs + HOUR - 1000, energy_wh_total: 2, epoch_id: 'e', watts: 10 },
    boots: 0,
  });

  it('Asia/Kolkata: an hour across local midnight is split pro rata between its two days', () => {
    // IST midnight of the 10th is 18:30 UTC on the 9th: the 18:00 UTC hour is half on each day.
    const cal = buildCalendar('2024-03-09', '2024-03-10', 'Asia/Kolkata');
    const acc: ActivityAcc = new Map();
    addRollupActivity(cal, acc, [hour(Date.UTC(2024, 2, 9, 18), 3_000_000, 1_000_000)]);
    expect(finishActivity(cal, acc)).toEqual(
      new Map([
        ['2024-03-09', { uptimeS: 1500, gpuBusyS: 500, bytes: 600 }],
        ['2024-03-10', { uptimeS: 1500, gpuBusyS: 500, bytes: 600 }],
      ]),
    );
  });

  it('an hour reaching outside the calendar counts only its slots inside', () => {
    // The calendar starts at 18:30 UTC on the 8th (IST midnight): only half of the 18:00 hour is in it.
    const cal = buildCalendar('2024-03-09', '2024-03-09', 'Asia/Kolkata');
    const acc: ActivityAcc = new Map();
    addRollupActivity(cal, acc, [hour(Date.UTC(2024, 2, 8, 18), 3_600_000, 0)]);
    expect(finishActivity(cal, acc).get('2024-03-09')?.uptimeS).toBe(1800);
  });

  it('readings: each hour’s first and last counter reading, in order', () => {
    const rows = [hour(0, HOUR, 0), hour(HOUR, HOUR, 0)];
    expect(rollupReadings(rows).map((r) => r.ts)).toEqual([1000, HOUR - 1000, HOUR + 1000, 2 * HOUR - 1000]);
  });
});
