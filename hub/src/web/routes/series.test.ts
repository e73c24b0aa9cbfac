import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../app.js';
import { IngestCounters } from '../../ingest/counters.js';
import type { HourRollup } from '../../store/rollup-types.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { rigSample } from '../fleet/testing/fixtures.js';
import { testAuthHeaders } from '../testing/auth.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Midnight UTC, so that days of hour rows are whole. */
const T0 = Date.UTC(2026, 9, 1);

const hourRow = (hourMs: number, upMs: number): HourRollup => ({
  device_id: 'rig-01',
  hour_ms: hourMs,
  samples: upMs > 0 ? 60 : 0,
  up_ms: upMs,
  gpu_busy_ms: upMs / 2,
  rx_bytes: 36_000_000,
  tx_bytes: 3_600_000,
  cpu_pct_avg: 40,
  cpu_pct_max: 80,
  mem_used_bytes_avg: 4_000_000_000,
  mem_total_bytes: 16_000_000_000,
  temp_c_max: 70,
  power_w_avg: 500,
  gpus: [{ index: 0, util_pct_avg: 90, temp_c_max: 72, power_w_avg: 400, mem_used_bytes_avg: 9e9 }],
  energy_first: null,
  energy_last: null,
  boots: 0,
});

describe('GET /api/v1/devices/:id/series', () => {
  let store: Store;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const series = async (query: string, id = 'rig-01') => {
    const response = await app.inject({ url: `/api/v1/devices/${id}/series${query}`, headers });
    return { status: response.statusCode, body: response.json() };
  };

  beforeEach(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-series-')), 'hub.db'));
    // A day of 30 s samples, 2,000 bytes/s received, 200 sent, over one boot.
    const samples = Array.from({ length: 2880 }, (_, i) =>
      rigSample('rig-01', i + 1, T0 + i * 30_000, {
        net: [
          { iface: 'lo', rx_bytes_total: i * 1e9, tx_bytes_total: i * 1e9 },
          { iface: 'eth0', rx_bytes_total: 5e6 + i * 60_000, tx_bytes_total: i * 6000 },
        ],
      }),
    );
    await store.insertSamples(samples.map((sample) => ({ sample, receivedMs: sample.ts })));
    // 90 days of hour rows, the device up 3/4 of every hour.
    const rows = Array.from({ length: 90 * 24 }, (_, i) =>
      hourRow(T0 - 60 * DAY_MS + i * HOUR_MS, 2_700_000),
    );
    await store.writeHourRollups([], rows);
    app = build({ store, counters: new IngestCounters() });
    headers = await testAuthHeaders(store);
  });

  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('buckets a day of raw samples into at most 1,000 points with rates from counter growth', async () => {
    const { status, body } = await series(`?from=${T0}&to=${T0 + DAY_MS}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      device_id: 'rig-01',
      resolution: 'raw',
      from: T0,
      to: T0 + DAY_MS,
      step_ms: 87_000,
    });
    expect(body.ts.length).toBeLessThanOrEqual(1000);
    expect(body.ts.length).toBeGreaterThan(900);
    for (const column of ['online_pct', 'cpu_pct', 'mem_pct', 'temp_c', 'power_w', 'rx_bps', 'tx_bps']) {
      expect(body[column]).toHaveLength(body.ts.length);
    }
    expect(body.cpu_pct[5]).toBe(41.5);
    expect(body.power_w[5]).toBe(612.5);
    expect(body.temp_c[5]).toBe(63);
    // lo is left out; 60,000 bytes per 30 s.
    expect(body.rx_bps[5]).toBe(2000);
    expect(body.tx_bps[5]).toBe(200);
    expect(body.gpus.map((g: { index: number }) => g.index)).toEqual([0, 1]);
    expect(body.gpus[0].util_pct[5]).toBe(97);
    expect(body.gpus[1].power_w[5]).toBe(121.5);
  });

  it('reads hourly rollups for 30 days and daily ones beyond 60 days', async () => {
    const month = await series(`?from=${T0 - 30 * DAY_MS}&to=${T0}`);
    expect(month.status).toBe(200);
    expect(month.body).toMatchObject({ resolution: 'hour', step_ms: HOUR_MS });
    expect(month.body.ts).toHaveLength(720);
    expect(month.body.ts[0]).toBe(T0 - 30 * DAY_MS);
    expect(month.body.online_pct[0]).toBe(75);
    expect(month.body.mem_pct[0]).toBe(25);
    expect(month.body.rx_bps[0]).toBe(10_000);
    expect(month.body.gpus).toEqual([
      expect.objectContaining({ index: 0, util_pct: Array(720).fill(90), power_w: Array(720).fill(400) }),
    ]);

    const quarter = await series(`?from=${T0 - 60 * DAY_MS}&to=${T0 + 30 * DAY_MS}`);
    expect(quarter.body).toMatchObject({ resolution: 'day', step_ms: DAY_MS });
    expect(quarter.body.ts).toHaveLength(90);
    expect(quarter.body.online_pct[0]).toBe(75);
    expect(quarter.body.rx_bps[0]).toBe(10_000);
  });

  it('honours an explicit resolution, refuses an empty range and answers 404 for an unknown device', async () => {
    const forced = await series(`?from=${T0}&to=${T0 + DAY_MS}&resolution=hour`);
    expect(forced.body.resolution).toBe('hour');
    expect(forced.body.ts).toHaveLength(24);
    expect((await series(`?from=${T0}&to=${T0}`)).status).toBe(400);
    expect((await series('?resolution=minute')).status).toBe(400);
    const missing = await series('', 'no-such-device');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('NT_ERR_WEB_DEVICE_UNKNOWN');
  });
});
