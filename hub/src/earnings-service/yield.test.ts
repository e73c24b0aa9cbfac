import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { computeDays } from './compute.js';
import { fleetSnapshot } from './fleet.js';
import { DEFAULT_EARNINGS, earningsPlan } from './settings.js';
import { DEVICES_PER_SLICE } from './yield.js';

const DEVICES = DEVICES_PER_SLICE * 3;
const NOW = Date.UTC(2026, 10, 23, 12, 30);

/** Counts how many times the event loop got to run timers while `work` was in progress. */
async function timerTurnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  return turns;
}

describe('a fleet recompute leaves room for ingest', () => {
  it('lets the event loop run between slices of devices (computeDays and the fleet snapshot)', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-earn-yield-')), 'nodetally.db'));
    const batch = [];
    for (let d = 0; d < DEVICES; d++)
      for (let k = 0; k < 3; k++)
        batch.push({
          sample: validSample({
            device_id: `rig-${d}`,
            seq: k + 1,
            ts: NOW - (3 - k) * 60_000,
            uptime_s: 5_000 + k * 60,
          }) as Sample,
          receivedMs: NOW,
        });
    await store.insertSamples(batch);
    const plan = earningsPlan(DEFAULT_EARNINGS);
    let days = 0;
    const during = await timerTurnsDuring(async () => {
      days = (await computeDays(store, plan, '2026-11-20', '2026-11-23', null, NOW)).days.size;
    });
    expect(days).toBe(DEVICES);
    // One pause per slice at least: without them the loop would get no turn until the end.
    expect(during).toBeGreaterThanOrEqual(DEVICES / DEVICES_PER_SLICE - 1);
    let snapshotDevices = 0;
    const duringSnapshot = await timerTurnsDuring(async () => {
      snapshotDevices = (await fleetSnapshot(store, plan, NOW)).devices.length;
    });
    expect(snapshotDevices).toBe(DEVICES);
    expect(duringSnapshot).toBeGreaterThanOrEqual(2 * (DEVICES / DEVICES_PER_SLICE) - 2);
    await store.close();
  });
});
