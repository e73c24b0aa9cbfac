import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { waitFor } from '../../../test/support/wait.js';
import { hubConfig } from '../config.js';
import { buildCalendar } from '../earnings/calendar.js';
import { dailyActivity } from '../earnings-service/telemetry.js';
import { startHub } from '../hub.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/types.js';
import { runRollups } from './job.js';
import { ROLLUP_DEFAULTS } from './settings.js';

const H = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 23, 0);

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'nt-rollups-')), 'nodetally.db');
/** A sample whose device booted at bootMs (a new boot id per boot time). */
const sample = (device: string, ts: number, bootMs = T0 - 50_000, seq = Math.floor((ts - T0) / 1000) + 1e6) =>
  validSample({
    device_id: device,
    seq,
    ts,
    boot_id: `boot-${bootMs}`,
    uptime_s: (ts - bootMs) / 1000,
  }) as Sample;
/** A device that samples every 10 s over [fromMs, toMs). */
const run10s = (device: string, fromMs: number, toMs: number, bootMs?: number) =>
  Array.from({ length: Math.ceil((toMs - fromMs) / 10_000) }, (_, i) => ({
    sample: sample(device, fromMs + i * 10_000, bootMs),
    receivedMs: fromMs + i * 10_000,
  }));

let store: Store;
afterEach(async () => {
  await store?.close();
});

describe('the rollup job', () => {
  it('rolls closed hours only, and recomputes an hour’s tail once the next hour’s first sample arrives', async () => {
    store = openSqliteStore(tempDb());
    await store.insertSamples(run10s('rig', T0 + 10 * H, T0 + 11 * H));
    expect((await runRollups(store, ROLLUP_DEFAULTS, T0 + 10 * H + 60_000)).rows).toBe(0); // the hour is open
    await runRollups(store, ROLLUP_DEFAULTS, T0 + 11 * H + 30_000);
    expect((await store.listHourRollups('rig', T0, T0 + DAY)).map((h) => h.up_ms)).toEqual([H - 10_000]);
    await store.insertSamples(run10s('rig', T0 + 11 * H, T0 + 12 * H));
    await runRollups(store, ROLLUP_DEFAULTS, T0 + 12 * H + 30_000);
    expect((await store.listHourRollups('rig', T0, T0 + DAY)).map((h) => [h.hour_ms, h.up_ms])).toEqual([
      [T0 + 10 * H, H],
      [T0 + 11 * H, H - 10_000],
    ]);
    expect(await store.rollupPending(100, T0 + 12 * H)).toEqual([]);
  });

  it('late samples from an outbox replay re-dirty their hours; the day ends as if they had come on time', async () => {
    store = openSqliteStore(tempDb());
    const all = run10s('pi', T0 + 2 * H, T0 + 8 * H);
    const late = all.filter((s) => s.sample.ts >= T0 + 4 * H && s.sample.ts < T0 + 6 * H + 1800_000);
    await store.insertSamples(all.filter((s) => !late.includes(s)));
    await runRollups(store, ROLLUP_DEFAULTS, T0 + 9 * H);
    const before = await store.listDayRollups('pi', T0, T0 + DAY);
    await store.insertSamples(late.reverse()); // replayed after hours offline, in any order
    expect((await store.rollupPending(100)).map((p) => (p.hour_ms - T0) / H)).toEqual([4, 5, 6]);
    await runRollups(store, ROLLUP_DEFAULTS, T0 + 9 * H);
    const [day] = await store.listDayRollups('pi', T0, T0 + DAY);
    expect(day?.samples).toBe(all.length);
    expect(day?.samples).toBeGreaterThan(before[0]?.samples ?? 0);
    const truth = dailyActivity(
      buildCalendar('2026-11-23', '2026-11-23'),
      all.map((s) => s.sample),
    ).get('2026-11-23');
    expect(Math.round((day?.up_ms ?? 0) / 1000)).toBe(truth?.uptimeS);
    expect((await store.listHourRollups('pi', T0, T0 + DAY)).map((h) => h.samples)).toEqual([
      360, 360, 360, 360, 360, 360,
    ]);
  });

  it('retention never deletes raw samples of hours not yet rolled, and keeps rollups of purged hours', async () => {
    const file = tempDb();
    store = openSqliteStore(file);
    const now = T0 + 20 * DAY;
    // rebooted since: the 20 days between are not online time (no gap rows to look at)
    const rebooted = run10s('rig', now - 2 * H, now - H, now - 2 * H - 100_000);
    await store.insertSamples([...run10s('rig', T0, T0 + 2 * H), ...rebooted]);
    expect(await store.deleteRawSamplesBefore(now, 1_000_000)).toBe(0); // nothing rolled yet
    const result = await runRollups(store, ROLLUP_DEFAULTS, now);
    expect(result.rawDeleted).toBe(720);
    expect(await store.countSamples('rig')).toBe(360);
    expect(statSync(`${file}-wal`).size).toBe(0); // checkpointed after the deletes
    const old = await store.listHourRollups('rig', T0, T0 + DAY);
    expect(old.map((h) => h.samples)).toEqual([360, 360]);

    // A late sample for a purged, rolled hour cannot be merged: it is dropped, the rollup is kept.
    await store.insertSamples([{ sample: sample('rig', T0 + 5, undefined, 5e6), receivedMs: now }]);
    const after = await runRollups(store, ROLLUP_DEFAULTS, now);
    expect(after.rawDeleted).toBe(1);
    expect(await store.listHourRollups('rig', T0, T0 + DAY)).toEqual(old);
  });

  it('deletes hourly rows after hourlyRetentionDays and keeps daily rows forever', async () => {
    store = openSqliteStore(tempDb());
    await store.insertSamples(run10s('rig', T0, T0 + H + 10_000));
    const settings = { ...ROLLUP_DEFAULTS, hourlyRetentionDays: 30 };
    await runRollups(store, settings, T0 + 2 * H);
    expect(await store.listHourRollups('rig', T0, T0 + DAY)).toHaveLength(2);
    const result = await runRollups(store, settings, T0 + 31 * DAY);
    expect(result.hoursDeleted).toBe(2);
    expect(await store.listHourRollups('rig', T0, T0 + DAY)).toEqual([]);
    expect((await store.listDayRollups('rig', T0, T0 + DAY)).map((d) => d.samples)).toEqual([361]);
  });
});

describe('the rollup job in a running hub', () => {
  it('rolls the samples the hub stored into hour and day rows', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nt-rollups-hub-'));
    const config = hubConfig({ dataDir, httpPort: 0, mqttPort: 0, logLevel: 'silent', rollupIntervalS: 1 });
    const hub = await startHub(config, pino({ level: 'silent' }));
    store = hub.store;
    try {
      const lastHour = Math.floor(Date.now() / H) * H - H;
      await hub.store.insertSamples(run10s('hub-rig', lastHour, lastHour + H));
      const rows = await waitFor('hour rollups', async () => {
        const hours = await hub.store.listHourRollups('hub-rig', lastHour, lastHour + H);
        return hours.length > 0 ? hours : undefined;
      });
      expect(rows[0]).toMatchObject({ hour_ms: lastHour, samples: 360 });
      const days = await hub.store.listDayRollups('hub-rig', lastHour - DAY, lastHour + DAY);
      expect(days.map((d) => d.samples)).toEqual([360]);
    } finally {
      await hub.close();
    }
  });
});
