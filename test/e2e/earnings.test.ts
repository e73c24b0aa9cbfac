import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, HubConfigSchema, openSqliteStore, type Store } from '@nodetally/hub';
import { loadConfig, type Sample } from '@nodetally/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestCounters } from '../../hub/src/ingest/counters.js';
import { testAuthHeaders } from '../../hub/src/web/testing/auth.js';
import { validSample } from '../support/sample.js';

/**
 * The must-show: a scenario with known rewards, prices, watt-hours and a time-of-use tariff,
 * written into a real SQLite store, served by the hub app configured from a config file; the API must
 * return the hand-computed daily and monthly gross, energy and net to the cent (in fact to the micro-
 * dollar: money is exact 6-decimal strings).
 *
 * rig-1 draws a steady 120 W from Mon 2024-01-01 00:00 to Wed 2024-01-03 00:00 UTC, a sample per
 * minute (energy_wh_total + 2 Wh each), so 0.12 kWh per hour, 2.88 kWh per day.
 * Tariff (time-of-use): $0.40/kWh Mon–Fri 17:00–21:00, else $0.10. Hosting $31/month from Jan 1.
 * Hardware $600 over 12 months bought 2024-01-01.
 * Rewards of hotspot-1 (linked to rig-1): 1.5 HNT Mon 10:30 at that hour's $4.00; 0.5 HNT Tue 15:10
 * at $4.20. Today's HNT price $3.50. An unlinked wallet's 1 HNT Mon 12:00 at $4.10 is unattributed.
 */
describe('end to end: earnings API over a stored scenario, to the cent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nt-e2e-earnings-'));
  const configFile = join(dir, 'hub.json');
  let store: Store;
  let app: ReturnType<typeof build>;
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url, headers: await testAuthHeaders(store) });
    return {
      status: r.statusCode,
      body: String(r.headers['content-type']).includes('json') ? r.json() : r.body,
    };
  };

  beforeAll(async () => {
    writeFileSync(
      configFile,
      JSON.stringify({
        dataDir: dir,
        timeZone: 'UTC',
        tariffs: [
          {
            effectiveFrom: '2023-01-01',
            defaultPricePerKwh: '0.10',
            bands: [{ days: [1, 2, 3, 4, 5], fromHour: 17, toHour: 21, pricePerKwh: '0.40' }],
          },
        ],
        fixedCosts: [{ name: 'hosting', monthly: '31.00', devices: ['rig-1'], from: '2024-01-01' }],
        hardware: [{ device: 'rig-1', price: '600', months: 12, purchased: '2024-01-01' }],
      }),
    );
    const { config } = loadConfig(HubConfigSchema, { argv: ['--config', configFile], env: {} });
    store = openSqliteStore(join(dir, 'nodetally.db'));
    const start = Date.UTC(2024, 0, 1);
    const batch = [];
    for (let i = 0; i <= 2 * 1440; i++) {
      const ts = start + i * 60_000;
      const s = validSample({
        device_id: 'rig-1',
        seq: i + 1,
        ts,
        boot_id: 'boot-a',
        uptime_s: 1000 + i * 60,
        power: { watts: 120, energy_wh_total: 2 * i, energy_epoch_id: 'epoch-a', parts: [] },
      }) as Sample;
      batch.push({ sample: s, receivedMs: ts });
    }
    await store.insertSamples(batch);
    await store.addRewardAccount({ source: 'helium', account: 'hotspot-1' }, 1);
    await store.linkRewardAccountDevice('helium', 'hotspot-1', 'rig-1');
    const mark = { nowMs: 1, intervalMs: 900_000 };
    const ev = (key: string, account: string, amount: string, ts: number) => ({
      key,
      network: 'helium',
      account,
      token: 'HNT',
      amount,
      ts,
      kind: 'reward' as const,
      ref: key,
    });
    await store.saveRewardBatch(
      'helium',
      'hotspot-1',
      [
        ev('r1', 'hotspot-1', '150000000', Date.UTC(2024, 0, 1, 10, 30)),
        ev('r2', 'hotspot-1', '50000000', Date.UTC(2024, 0, 2, 15, 10)),
      ],
      'c1',
      mark,
    );
    await store.saveRewardBatch(
      'helium',
      'wallet-x',
      [ev('x1', 'wallet-x', '100000000', Date.UTC(2024, 0, 1, 12))],
      'c2',
      mark,
    );
    const p = (ts: number, price: string) => ({ token: 'HNT', currency: 'usd', ts, price, source: 'test' });
    await store.upsertPrices([
      p(Date.UTC(2024, 0, 1, 10, 5), '4.00'),
      p(Date.UTC(2024, 0, 1, 12, 0), '4.10'),
      p(Date.UTC(2024, 0, 2, 15, 0), '4.20'),
      p(Date.now(), '3.50'),
    ]);
    app = build({ store, counters: new IngestCounters(), earnings: config });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('daily gross, energy, fixed, amortization and net', async () => {
    const { status, body } = await get('/api/v1/devices/rig-1/earnings?from=2024-01-01&to=2024-01-02');
    expect(status).toBe(200);
    const [mon, tue] = body.periods;
    // Mon: gross 1.5 HNT × $4.00 = $6.00 (today's $3.50: $5.25)
    //      energy: peak 17–21 = 4 h × 0.12 kWh × $0.40 = $0.192; off-peak 20 h × 0.12 × $0.10 = $0.24 → $0.432
    //      fixed $31 / 31 days = $1.00; amortization $600 / 12 = $50 per month over 31 days:
    //      50,000,000 µ$ = 31 × 1,612,903 + 7, so Jan 1–7 carry 1,612,904 µ$ = $1.612904
    //      net 6.00 − 0.432 − 1.00 − 1.612904 = $2.955096 → $2.96
    expect(mon).toMatchObject({
      period: '2024-01-01',
      gross: '6.000000',
      gross_now: '5.250000',
      energy_kwh: '2.880000',
      energy_cost: '0.432000',
      fixed: '1.000000',
      amortization: '1.612904',
      net: '2.955096',
      complete: true,
      uptime_s: 86_400,
    });
    // Tue: gross 0.5 × $4.20 = $2.10 ($1.75 now); energy $0.432; fixed $1.00; amortization $1.612904
    //      net 2.10 − 0.432 − 1.00 − 1.612904 = −$0.944904 → −$0.94
    expect(tue).toMatchObject({
      gross: '2.100000',
      gross_now: '1.750000',
      energy_cost: '0.432000',
      net: '-0.944904',
    });
    expect(mon.tokens).toEqual([
      {
        network: 'helium',
        token: 'HNT',
        amount: '1.5',
        amount_base_units: '150000000',
        unpriced_base_units: '0',
        value: '6.000000',
        value_now: '5.250000',
      },
    ]);
    expect(body.uptime.percent).toBe('100.00');
    // $8.10 over 48 online hours = $0.16875/h
    expect(body.uptime.gross_per_online_hour).toBe('0.168750');
    // 2 days: no baseline yet, so no decomposition; the range is in the past, so no late-payout flag.
    expect(body.decomposition).toBeNull();
    expect(body.flags).toEqual([]);
  });

  it('the month: totals, month to date, projection and payback', async () => {
    const { body } = await get(
      '/api/v1/devices/rig-1/earnings?from=2024-01-01&to=2024-01-02&granularity=month',
    );
    // gross 6.00 + 2.10 = $8.10; energy 2 × 0.432 = $0.864; fixed $2.00; amortization 2 × 1.612904 = $3.225808
    // net 8.10 − 0.864 − 2.00 − 3.225808 = $2.010192 → $2.01
    expect(body.periods).toHaveLength(1);
    expect(body.periods[0]).toMatchObject({
      period: '2024-01',
      gross: '8.100000',
      energy_kwh: '5.760000',
      energy_cost: '0.864000',
      fixed: '2.000000',
      amortization: '3.225808',
      net: '2.010192',
    });
    expect(body.total.net).toBe('2.010192');
    // MTD = $2.010192; projected = 2.010192 × 31 / 2 = $31.157976 (days before the first sample are not counted)
    expect(body.month).toEqual({ month_to_date: '2.010192', projected_month: '31.157976', trailing_days: 2 });
    // payback on operating net (no amortization): 8.10 − 0.864 − 2.00 = $5.236 of $600; remaining $594.764;
    // at 5.236 per 2 days: ceil(594.764 × 2 / 5.236) = ceil(227.18) = 228 days after Jan 2 → 2024-08-17
    expect(body.payback).toEqual({
      status: 'projected',
      on: '2024-08-17',
      remaining: '594.764000',
      since: '2024-01-01',
      partial: false,
    });
  });

  it('fleet summary keeps what it cannot attribute', async () => {
    const { status, body } = await get('/api/v1/earnings/summary?from=2024-01-01&to=2024-01-02');
    expect(status).toBe(200);
    expect(body.devices).toEqual([{ device: 'rig-1', total: expect.objectContaining({ net: '2.010192' }) }]);
    expect(body.total).toMatchObject({ gross: '8.100000', energy_cost: '0.864000', net: '2.010192' });
    // wallet-x's 1 HNT × $4.10 is linked to no device: shown, not dropped
    expect(body.unattributed).toEqual([
      {
        network: 'helium',
        account: 'wallet-x',
        token: 'HNT',
        day: '2024-01-01',
        reason: 'unlinked-account',
        amount_base_units: '100000000',
        value: '4.100000',
      },
    ]);
  });

  it('CSV: a header row and one row per device per day', async () => {
    const { status, body } = await get('/api/v1/earnings.csv?from=2024-01-01&to=2024-01-02');
    expect(status).toBe(200);
    expect(String(body).trimEnd().split('\r\n')).toEqual([
      'device,day,currency,gross,gross_now,energy_kwh,interpolated_kwh,unknown_energy_hours,energy_cost,fixed,amortization,net,complete,uptime_s',
      'rig-1,2024-01-01,USD,6.000000,5.250000,2.880000,0.000000,0,0.432000,1.000000,1.612904,2.955096,true,86400',
      'rig-1,2024-01-02,USD,2.100000,1.750000,2.880000,0.000000,0,0.432000,1.000000,1.612904,-0.944904,true,86400',
    ]);
  });

  it('400 on a bad range, 404 on an unknown device', async () => {
    expect((await get('/api/v1/devices/rig-1/earnings?from=2024-02-30&to=2024-03-01')).status).toBe(400);
    expect((await get('/api/v1/devices/rig-1/earnings?from=2024-01-03&to=2024-01-01')).status).toBe(400);
    expect((await get('/api/v1/devices/rig-1/earnings?granularity=week')).status).toBe(400);
    expect((await get('/api/v1/earnings/summary?from=2023-01-01&to=2024-06-01')).status).toBe(400);
    expect((await get('/api/v1/earnings.csv?from=yesterday')).status).toBe(400);
    const missing = await get('/api/v1/devices/nope/earnings?from=2024-01-01&to=2024-01-02');
    expect(missing).toEqual({
      status: 404,
      body: { error: 'NT_ERR_EARNINGS_DEVICE', message: 'no device nope' },
    });
  });
});
