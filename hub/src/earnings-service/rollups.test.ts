import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { buildCalendar } from '../earnings/calendar.js';
import { hourSlots, hoursActivity } from '../earnings/hours.js';
import { runRollups } from '../rollups/job.js';
import { ROLLUP_DEFAULTS } from '../rollups/settings.js';
import { emptyDeviceHours } from '../store/earnings-hours.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { computeDays } from './compute.js';
import { DEFAULT_EARNINGS, earningsPlan } from './settings.js';

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

describe('earnings from the store’s earnings hours', () => {
  for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Kolkata']) {
    it(`${zone}: earnings hours plus the raw tail give the days the raw samples gave`, async () => {
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
      // The earnings hours carry what the raw samples said, cut at hour bounds exactly as the engine
      // cuts intervals: online, GPU-busy time, bytes, measured and interpolated energy (the outage's
      // first 15 minutes bridged at mean power, 12.5 Wh) and unknown hours are the same every day.
      expect(rolled).toEqual(raw);
      expect(raw.some((d) => d.interpolatedMwh === 12_500)).toBe(true);
      if (zone === 'UTC') expect(rolled[1]?.uptimeS).toBe(86_400 - 3 * 3600);
      await store.close();
    });
  }

  /** One device hour of activity only, in a DeviceHours starting at that hour. */
  const hour = (hourMs: number, upMs: number, busyMs: number) => {
    const h = emptyDeviceHours(hourMs, 1);
    h.upMs[0] = upMs;
    h.busyMs[0] = busyMs;
    h.bytes[0] = 1200;
    h.present[0] = 1;
    return h;
  };

  it('Asia/Kolkata: an hour across local midnight is split pro rata between its two days', () => {
    // IST midnight of the 10th is 18:30 UTC on the 9th: the 18:00 UTC hour is half on each day.
    const cal = buildCalendar('2024-03-09', '2024-03-10', 'Asia/Kolkata');
    expect(hoursActivity(cal, hour(Date.UTC(2024, 2, 9, 18), 3_000_000, 1_000_000))).toEqual(
      new Map([
        ['2024-03-09', { uptimeS: 1500, gpuBusyS: 500, bytes: 600 }],
        ['2024-03-10', { uptimeS: 1500, gpuBusyS: 500, bytes: 600 }],
      ]),
    );
  });

  it('an hour reaching outside the calendar counts only its slots inside', () => {
    // The calendar starts at 18:30 UTC on the 8th (IST midnight): only half of the 18:00 hour is in it.
    const cal = buildCalendar('2024-03-09', '2024-03-09', 'Asia/Kolkata');
    expect(hoursActivity(cal, hour(Date.UTC(2024, 2, 8, 18), 3_600_000, 0)).get('2024-03-09')?.uptimeS).toBe(
      1800,
    );
  });

  it('Asia/Kolkata: an hour’s energy is split over its four slots in exact integer quarters', () => {
    const cal = buildCalendar('2024-03-09', '2024-03-10', 'Asia/Kolkata');
    const h = hour(Date.UTC(2024, 2, 9, 18), 0, 0);
    h.measuredMwh[0] = 10_003; // quarters 2500, 2501, 2501, 2501: 5001 before IST midnight, 5002 after
    h.knownMs[0] = HOUR;
    const slots = hourSlots(cal, h);
    const s0 = (Date.UTC(2024, 2, 9, 18) - cal.startMs) / Q;
    expect(Array.from(slots.measuredMwh.slice(s0, s0 + 4))).toEqual([2500, 2501, 2501, 2501]);
    expect(Array.from(slots.knownMs.slice(s0, s0 + 4))).toEqual([Q, Q, Q, Q]);
  });
});
