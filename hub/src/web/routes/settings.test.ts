import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validSample } from '../../../../test/support/sample.js';
import { build } from '../../app.js';
import type { EarningsSettings } from '../../earnings/config-schema.js';
import { type EarningsService, startEarnings } from '../../earnings-service/service.js';
import { IngestCounters } from '../../ingest/counters.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { testAuthHeaders } from '../testing/auth.js';

const config: EarningsSettings = {
  timeZone: 'UTC',
  currency: 'USD',
  tariffs: [{ effectiveFrom: '2023-01-01', pricePerKwh: '0.10' }],
  fixedCosts: [],
  hardware: [],
  rewardSplits: [],
};

/** "Now" is 2024-01-10 12:00 UTC: tariffs from before 2024-01-10 are history. */
const NOW = Date.UTC(2024, 0, 10, 12);

/** rig-1 draws 100 W from Jan 1 00:00 to Jan 3 00:00 UTC (a sample every 15 min): 2.4 kWh a day. */
async function steadyRig(store: Store) {
  const start = Date.UTC(2024, 0, 1);
  const batch = [];
  for (let i = 0; i <= 2 * 96; i++) {
    const ts = start + i * 900_000;
    batch.push({
      sample: validSample({
        device_id: 'rig-1',
        seq: i + 1,
        ts,
        boot_id: 'b',
        uptime_s: 100 + i * 900,
        power: { watts: 100, energy_wh_total: 25 * i, energy_epoch_id: 'e', parts: [] },
      }) as Sample,
      receivedMs: ts,
    });
  }
  await store.insertSamples(batch);
}

describe('GET/PUT /api/v1/settings/earnings', () => {
  let store: Store;
  let file: string;
  let service: EarningsService;
  let app: ReturnType<typeof build>;
  let headers: Record<string, string>;
  const open = async () => {
    service = startEarnings({ store, config, log: pino({ level: 'silent' }), now: () => NOW });
    app = build({ store, counters: new IngestCounters(), earnings: config, earningsService: service });
    headers = await testAuthHeaders(store);
  };
  const close = async () => {
    await app.close();
    await service.stop();
  };
  const put = (body: unknown, query = '') =>
    app.inject({ method: 'PUT', url: `/api/v1/settings/earnings${query}`, headers, payload: body as object });
  const energyCost = async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/api/v1/devices/rig-1/earnings?from=2024-01-01&to=2024-01-02',
      headers,
    });
    expect(r.statusCode).toBe(200);
    return r.json().periods.map((p: { energy_cost: string }) => p.energy_cost);
  };

  beforeEach(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'nt-settings-')), 'nodetally.db');
    store = openSqliteStore(file);
    await steadyRig(store);
    await open();
  });
  afterEach(async () => {
    await close();
    await store.close();
  });

  it('GET shows the config with every key from the config while nothing is saved', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/settings/earnings', headers });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      settings: config,
      sources: {
        timeZone: 'config',
        currency: 'config',
        tariffs: 'config',
        fixedCosts: 'config',
        hardware: 'config',
        rewardSplits: 'config',
      },
      revision: null,
      saved_ms: null,
    });
  });

  it('a new tariff version changes every earnings figure at once, keeps history, and survives a restart', async () => {
    // 2.4 kWh × $0.10 = $0.24 a day
    expect(await energyCost()).toEqual(['0.240000', '0.240000']);
    const tariffs = [
      { effectiveFrom: '2023-01-01', pricePerKwh: '0.10' },
      { effectiveFrom: '2024-01-02', pricePerKwh: '0.50' },
    ];
    // 2024-01-02 is before today (2024-01-10): a new version may not start in the past …
    const refused = await put({ tariffs });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toBe('NT_ERR_SETTINGS_INVALID');
    expect(refused.json().errors).toEqual([
      'body/tariffs/1/effectiveFrom: 2024-01-02 is before today (2024-01-10); a new version starts today or later',
    ]);
    expect(await energyCost()).toEqual(['0.240000', '0.240000']);
    // … unless history is rewritten on purpose.
    const ok = await put({ tariffs }, '?rewrite_history=true');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      settings: { ...config, tariffs },
      sources: { tariffs: 'saved', timeZone: 'config' },
      revision: 1,
      saved_ms: NOW,
    });
    // Jan 1 keeps $0.10; Jan 2 is 2.4 kWh × $0.50 = $1.20.
    expect(await energyCost()).toEqual(['0.240000', '1.200000']);
    // The snapshot was recomputed with the new settings.
    expect(service.snapshot()?.computed_ms).toBe(NOW);

    await close();
    await open();
    expect(await energyCost()).toEqual(['0.240000', '1.200000']);
    const again = await app.inject({ method: 'GET', url: '/api/v1/settings/earnings', headers });
    expect(again.json().sources.tariffs).toBe('saved');
    expect(again.json().revision).toBe(1);
  });

  it('a past tariff version cannot be changed or removed without rewrite_history', async () => {
    const r = await put({ tariffs: [{ effectiveFrom: '2023-01-01', pricePerKwh: '0.20' }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([
      'body/tariffs: the version effective from 2023-01-01 is in the past and may not be changed; add a version effective from 2024-01-10 or later',
    ]);
    const future = await put({
      tariffs: [...config.tariffs, { effectiveFrom: '2024-01-11', pricePerKwh: '0.20' }],
    });
    expect(future.statusCode).toBe(200);
  });

  it('invalid settings get path-prefixed 400s and change nothing', async () => {
    const bad = await put({ tariffs: [{ effectiveFrom: '2024-02-01', pricePerKwh: 'cheap' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('NT_ERR_SETTINGS_INVALID');
    expect(bad.json().message).toMatch(/^body\/tariffs\/0\/pricePerKwh: Expected string to match/);
    const zone = await put({ timeZone: 'Mars/Olympus_Mons' });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().errors).toEqual(['body/timeZone: unknown IANA zone "Mars/Olympus_Mons"']);
    const tou = await put({ tariffs: [{ effectiveFrom: '2024-02-01', defaultPricePerKwh: '0.1' }] });
    expect(tou.json().errors).toEqual([
      'body/tariffs/0: a time-of-use tariff needs bands and defaultPricePerKwh',
    ]);
    const extra = await put({ colour: 'blue' });
    expect(extra.statusCode).toBe(400);
    expect(await store.getSavedSettings('earnings')).toBeNull();
  });

  it('a key set back to the config value comes from the config again', async () => {
    expect((await put({ timeZone: 'Asia/Kolkata' })).json()).toMatchObject({
      sources: { timeZone: 'saved' },
    });
    expect((await store.getSavedSettings('earnings'))?.value).toEqual({ timeZone: 'Asia/Kolkata' });
    const r = await put({ timeZone: 'UTC' });
    expect(r.json().sources.timeZone).toBe('config');
    expect(r.json().revision).toBe(2);
    expect((await store.getSavedSettings('earnings'))?.value).toEqual({});
  });

  it('without an earnings service GET shows the config and PUT answers 503', async () => {
    const plain = build({ store, counters: new IngestCounters(), earnings: config });
    const get = await plain.inject({ method: 'GET', url: '/api/v1/settings/earnings', headers });
    expect(get.json().settings).toEqual(config);
    const p = await plain.inject({
      method: 'PUT',
      url: '/api/v1/settings/earnings',
      headers,
      payload: { timeZone: 'UTC' },
    });
    expect(p.statusCode).toBe(503);
    await plain.close();
  });
});
