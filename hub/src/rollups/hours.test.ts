import type { Sample } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { rtx4090Gpu, validSample } from '../../../test/support/sample.js';
import { buildCalendar } from '../earnings/calendar.js';
import { dailyActivity } from '../earnings-service/telemetry.js';
import { rollDay } from './days.js';
import { rollHours } from './hours.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 0);

const gpu = rtx4090Gpu;

/** A GPU rig sample at `sec` seconds after T0, in boot `boot` that started at `bootSec`. */
const rig = (
  sec: number,
  o: { boot?: string; bootSec?: number; util?: number | null; extra?: object } = {},
) =>
  validSample({
    device_id: 'rig',
    seq: sec + 1,
    ts: T0 + sec * 1000,
    boot_id: o.boot ?? 'boot-a',
    uptime_s: sec - (o.bootSec ?? -1000),
    cpu_load_pct: 20 + (sec % 7),
    cpu_temp_c: 55,
    net: [
      { iface: 'lo', rx_bytes_total: 9e9 + sec * 1000, tx_bytes_total: 9e9 + sec * 1000 },
      { iface: 'eth0', rx_bytes_total: 1_000_000 + sec * 100, tx_bytes_total: 5_000 + sec * 10 },
    ],
    gpus: [gpu(0, o.util === undefined ? 80 : o.util, 70, 300), gpu(1, 40, 64, 200)],
    power: {
      watts: 650,
      energy_wh_total: (sec * 650) / 3600,
      energy_epoch_id: 'epoch-1',
      parts: [{ source: 'gpu', watts: 500, measured: true }],
    },
    ...o.extra,
  }) as Sample;

const every10s = (fromSec: number, toSec: number, o: Parameters<typeof rig>[1] = {}) =>
  Array.from({ length: Math.floor((toSec - fromSec) / 10) }, (_, i) => rig(fromSec + i * 10, o));

describe('rollHours', () => {
  it('a steady GPU rig: full hours online, intervals cut at the hour bound, averages and maxima', () => {
    const samples = every10s(0, 2 * 3600 + 10); // 0 … 7200 s
    const rows = rollHours('rig', samples, T0, T0 + 3 * H);
    expect(rows.map((r) => [r.hour_ms, r.samples, r.up_ms])).toEqual([
      [T0, 360, H],
      [T0 + H, 360, H],
      [T0 + 2 * H, 1, 0], // the sample at 2 h ends the previous hour's last interval
    ]);
    const [first] = rows;
    expect(first).toMatchObject({
      gpu_busy_ms: H * 0.6, // mean of 80 % and 40 %
      rx_bytes: 359 * 10 * 100, // eth0 only: lo is left out
      tx_bytes: 359 * 10 * 10,
      cpu_pct_max: 26,
      temp_c_max: 55,
      power_w_avg: 650,
      mem_total_bytes: 25_274_793_984,
      boots: 0,
      energy_first: { ts: T0, energy_wh_total: 0, epoch_id: 'epoch-1', watts: 650 },
      energy_last: { ts: T0 + 3590_000, epoch_id: 'epoch-1' },
    });
    expect(first?.gpus).toEqual([
      { index: 0, util_pct_avg: 80, temp_c_max: 70, power_w_avg: 300, mem_used_bytes_avg: 9_663_676_416 },
      { index: 1, util_pct_avg: 40, temp_c_max: 64, power_w_avg: 200, mem_used_bytes_avg: 9_663_676_416 },
    ]);
  });

  it('sums to what dailyActivity reports for the day, on samples with a reboot and gaps', () => {
    const samples = [
      ...every10s(0, 5000),
      ...every10s(5400, 9000, { boot: 'boot-b', bootSec: 5300 }), // rebooted at 5300 s
      ...every10s(20_000, 30_000, { boot: 'boot-b', bootSec: 5300 }), // agent down 9000–20000 s, machine up
      rig(86_400 + 5, { boot: 'boot-b', bootSec: 5300 }), // next day
    ];
    const hours = rollHours('rig', samples, T0, T0 + 24 * H);
    const day = rollDay('rig', T0, hours);
    const cal = buildCalendar('2026-11-23', '2026-11-23');
    const act = dailyActivity(cal, samples).get('2026-11-23');
    expect(Math.round(day.up_ms / 1000)).toBe(act?.uptimeS);
    expect(Math.round(day.gpu_busy_ms / 1000)).toBe(act?.gpuBusyS);
    expect(day.rx_bytes + day.tx_bytes).toBe(act?.bytes);
    expect(day.boots).toBe(1);
    // the gap hours (9000 s … 20000 s) have rows without samples, fully online
    const gapHour = hours.find((h) => h.hour_ms === T0 + 3 * H);
    expect(gapHour).toMatchObject({ samples: 0, up_ms: H, cpu_pct_avg: null, energy_first: null, gpus: [] });
    // the last interval of the day runs to the first sample of the next day
    expect(hours.at(-1)).toMatchObject({ hour_ms: T0 + 23 * H, samples: 0, up_ms: H });
  });

  it('a reboot counts only the new boot’s uptime and no bytes across the boots', () => {
    const rows = rollHours(
      'rig',
      [rig(100), rig(400, { boot: 'boot-b', bootSec: 340 })], // 300 s apart, up 60 s in the new boot
      T0,
      T0 + H,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ up_ms: 60_000, boots: 1, rx_bytes: 0, tx_bytes: 0 });
  });

  it('a GPU that reports no utilization ([N/A]) averages to null, never 0', () => {
    const [row] = rollHours('rig', every10s(0, 60, { util: null }), T0, T0 + H);
    expect(row?.gpus[0]?.util_pct_avg).toBeNull();
    expect(row?.gpu_busy_ms).toBe(50_000 * 0.4); // only the GPU that reports counts in the mean
  });

  it('a Raspberry Pi: SoC temperature counts as temperature; no GPU, no power', () => {
    const pi = (sec: number, soc: number) =>
      validSample({
        device_id: 'pi',
        seq: sec,
        ts: T0 + sec * 1000,
        uptime_s: 5000 + sec,
        pi: {
          model: 'Raspberry Pi 4 Model B Rev 1.4',
          soc_temp_c: soc,
          throttled_raw: 0,
          under_voltage_now: false,
          freq_capped_now: false,
          throttled_now: false,
          soft_temp_limit_now: false,
          under_voltage_since_boot: false,
          freq_capped_since_boot: false,
          throttled_since_boot: false,
          soft_temp_limit_since_boot: false,
        },
      }) as Sample;
    const [row] = rollHours('pi', [pi(10, 48.2), pi(20, 51.6), pi(30, 49)], T0, T0 + H);
    expect(row).toMatchObject({ samples: 3, up_ms: 20_000, temp_c_max: 51.6, power_w_avg: null, gpus: [] });
    expect(row?.energy_first).toBeNull();
  });

  it('samples outside the range only bound intervals', () => {
    const rows = rollHours('rig', [rig(3590), rig(3610), rig(7205)], T0 + H, T0 + 2 * H);
    expect(rows.map((r) => [r.hour_ms, r.samples, r.up_ms])).toEqual([[T0 + H, 1, H]]);
    expect(rows[0]?.rx_bytes).toBe(20 * 100); // only the interval ending inside the range
  });
});

describe('rollDay', () => {
  it('sums time and bytes, weights averages by samples, keeps first and last energy', () => {
    const hours = rollHours(
      'rig',
      [...every10s(0, 600), ...every10s(3600, 3660, { util: 0 })],
      T0,
      T0 + 2 * H,
    );
    const day = rollDay('rig', T0, hours);
    expect(day.samples).toBe(66);
    expect(day.up_ms).toBe(hours.reduce((a, h) => a + h.up_ms, 0));
    expect(day.gpus[0]?.util_pct_avg).toBeCloseTo((60 * 80 + 6 * 0) / 66, 3);
    expect(day.energy_first?.ts).toBe(T0);
    expect(day.energy_last?.ts).toBe(T0 + 3650_000);
  });
});
