import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../app.js';
import { type EarningsService, startEarnings } from '../../earnings-service/service.js';
import { DEFAULT_EARNINGS } from '../../earnings-service/settings.js';
import { IngestCounters } from '../../ingest/counters.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { HubEvents } from '../events.js';
import { meta, piSample, rigSample } from '../fleet/testing/fixtures.js';
import { testAuthHeaders } from '../testing/auth.js';

const silent = pino({ level: 'silent' });

describe('GET /api/v1/fleet', () => {
  let store: Store;
  let earnings: EarningsService;
  let events: HubEvents;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const now = Date.now();

  const fleet = async (query = '') => {
    const response = await app.inject({ url: `/api/v1/fleet${query}`, headers });
    return { status: response.statusCode, body: response.json() };
  };
  const ids = async (query: string) =>
    ((await fleet(query)).body.devices as Array<{ device_id: string }>).map((d) => d.device_id);

  beforeEach(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-fleet-')), 'hub.db'));
    await store.insertSamples([
      { sample: rigSample('rig-01', 1, now - 61_000), receivedMs: now - 60_000 },
      { sample: rigSample('rig-01', 2, now - 1000), receivedMs: now },
      { sample: piSample('pi-02', 1, now - 1000), receivedMs: now },
      { sample: piSample('box-03', 1, now - 1000, { workloads: [] }), receivedMs: now },
    ]);
    await store.upsertMeta(meta('rig-01', 'render-rig'), now);
    await store.upsertMeta(meta('pi-02', 'helium-roof'), now);
    await store.upsertMeta(meta('box-03', 'grass-box'), now);
    await store.setStatus('box-03', 'offline', now);
    await store.addRewardAccount({ source: 'solana-spl/grass', account: 'GrassWallet1' }, now);
    await store.linkRewardAccountDevice('solana-spl/grass', 'GrassWallet1', 'box-03');
    const firing = (rule: string, deviceId: string) => ({
      rule,
      device_id: deviceId,
      subject: null,
      phase: 'firing',
      since: now,
      firedAt: now,
      notified: 'firing',
      lastSentMs: null,
      queuedAt: null,
      summary: 'GPU 0 at 91 °C',
      severity: 'warning',
      name: null,
      site: null,
    });
    await store.saveAlertState(
      {
        v: 1,
        entries: {
          'gpu-temp|rig-01|0': firing('gpu-temp', 'rig-01'),
          'offline|box-03|': firing('offline', 'box-03'),
        },
        silences: [],
      },
      now,
    );
    earnings = startEarnings({
      store,
      config: {
        ...DEFAULT_EARNINGS,
        fixedCosts: [
          { name: 'colocation', monthly: '90.000000', devices: ['rig-01'] },
          { name: 'power plug', monthly: '3.000000', devices: ['pi-02'] },
          { name: 'hosting', monthly: '30.000000', devices: ['box-03'] },
        ],
      },
      log: silent,
    });
    await earnings.refresh();
    events = new HubEvents();
    app = build({ store, counters: new IngestCounters(), earningsService: earnings, events });
    headers = await testAuthHeaders(store);
  });

  afterEach(async () => {
    await app.close();
    await earnings.stop();
    await store.close();
  });

  it('merges status, the latest sample, the earnings snapshot and firing alerts per device', async () => {
    const { status, body } = await fleet();
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 3, counts: { online: 2, offline: 1, unknown: 0 }, currency: 'USD' });
    expect(body.computed_ms).toBe(earnings.snapshot()?.computed_ms);
    expect(body.totals).toEqual(earnings.snapshot()?.totals);
    // By name (hostname here): grass-box, helium-roof, render-rig.
    expect(body.devices.map((d: { device_id: string }) => d.device_id)).toEqual([
      'box-03',
      'pi-02',
      'rig-01',
    ]);
    const rig = body.devices.find((d: { device_id: string }) => d.device_id === 'rig-01');
    const rigEarnings = earnings.snapshot()?.devices.find((d) => d.device_id === 'rig-01');
    expect(rig).toEqual({
      device_id: 'rig-01',
      name: 'render-rig',
      status: 'online',
      last_seen_ms: now,
      networks: ['io-net', 'render'],
      cpu_pct: 41.5,
      gpu_util_pct: 71,
      power_w: 612.5,
      today: rigEarnings?.today,
      month_to_date: rigEarnings?.month_to_date,
      projected_month_net: rigEarnings?.projected_month_net,
      net_by_day: rigEarnings?.net_by_day,
      uptime_pct_7d: rigEarnings?.uptime_pct_7d,
      flags: rigEarnings?.flags,
      change: rigEarnings?.change,
      active_alerts: 1,
    });
    expect(rig.today.fixed).not.toBe('0.000000');
    const box = body.devices.find((d: { device_id: string }) => d.device_id === 'box-03');
    expect(box).toMatchObject({
      status: 'offline',
      networks: ['grass'],
      gpu_util_pct: null,
      active_alerts: 1,
    });
  });

  it('searches id, name and hostname; filters by status and network (workloads and linked accounts)', async () => {
    expect(await ids('?q=HELIUM')).toEqual(['pi-02']);
    expect(await ids('?q=rig-0')).toEqual(['rig-01']);
    expect(await ids('?status=offline')).toEqual(['box-03']);
    expect(await ids('?network=render')).toEqual(['rig-01']);
    expect(await ids('?network=grass')).toEqual(['box-03']);
    expect(await ids('?q=nothing-like-this')).toEqual([]);
    expect((await fleet('?status=online&q=roof')).body).toMatchObject({ total: 1, counts: { online: 2 } });
  });

  it('sorts by money (highest net first by default), status and name; pages with limit and offset', async () => {
    // Net is − fixed costs here (no rewards): the 3 $/month plug costs least.
    expect(await ids('?sort=net_month')).toEqual(['pi-02', 'box-03', 'rig-01']);
    expect(await ids('?sort=net_today&order=asc')).toEqual(['rig-01', 'box-03', 'pi-02']);
    expect(await ids('?sort=status')).toEqual(['box-03', 'pi-02', 'rig-01']);
    expect(await ids('?sort=name&order=desc')).toEqual(['rig-01', 'pi-02', 'box-03']);
    const page = await fleet('?sort=name&limit=1&offset=1');
    expect(page.body.total).toBe(3);
    expect(page.body.devices.map((d: { device_id: string }) => d.device_id)).toEqual(['pi-02']);
    expect((await fleet('?sort=profit')).status).toBe(400);
    expect((await fleet('?limit=0')).status).toBe(400);
  });

  it('follows device events without reading the store again, and reloads for a device it does not know', async () => {
    expect(await ids('?sort=status')).toEqual(['box-03', 'pi-02', 'rig-01']);
    events.emit('device', {
      device_id: 'pi-02',
      status: 'online',
      last_seen_ms: now + 5000,
      latest: { cpu_pct: 88, gpu_util_pct: null, power_w: 6.1, networks: ['helium'] },
    });
    events.emit('device', { device_id: 'rig-01', status: 'offline', last_seen_ms: now + 5000, latest: null });
    const body = (await fleet()).body;
    expect(body.devices.find((d: { device_id: string }) => d.device_id === 'pi-02')).toMatchObject({
      cpu_pct: 88,
      power_w: 6.1,
      last_seen_ms: now + 5000,
    });
    expect(body.devices.find((d: { device_id: string }) => d.device_id === 'rig-01').status).toBe('offline');
    expect(await ids('?sort=status')).toEqual(['box-03', 'rig-01', 'pi-02']);

    await store.insertSamples([{ sample: piSample('pi-04', 1, now), receivedMs: now }]);
    expect(await ids('')).not.toContain('pi-04');
    events.emitStoredSamples([{ sample: piSample('pi-04', 1, now), receivedMs: now }]);
    expect(await ids('')).toContain('pi-04');
  });

  it('works without an earnings service: money fields are null', async () => {
    const bare = build({ store, counters: new IngestCounters() });
    const response = await bare.inject({ url: '/api/v1/fleet?sort=net_month', headers });
    await bare.close();
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ computed_ms: null, currency: null, totals: null, total: 3 });
    expect(body.devices[0]).toMatchObject({ today: null, net_by_day: [], flags: [] });
  });

  it('refuses a request without credentials', async () => {
    expect((await app.inject({ url: '/api/v1/fleet' })).statusCode).toBe(401);
  });
});
