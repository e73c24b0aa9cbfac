import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSample } from '../../../../test/support/sample.js';
import { build } from '../../app.js';
import type { EarningsSettings } from '../../earnings/config-schema.js';
import { type EarningsService, startEarnings } from '../../earnings-service/service.js';
import { IngestCounters } from '../../ingest/counters.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { IncomingSample, Store } from '../../store/types.js';
import { testAuthHeaders } from '../testing/auth.js';

/**
 * Issue 6 through the HTTP API: why-it-moved decomposition, reward splits, non-UTC days, and the four
 * reconciliation flags, on telemetry and rewards written into a real SQLite store. Settings changes go
 * through PUT /api/v1/settings/earnings like a user's would.
 */
const Q = 900_000;
const HOUR = 3_600_000;
const utc = (day: string, hour = 0, minute = 0) =>
  Date.parse(`${day}T00:00:00Z`) + hour * HOUR + minute * 60_000;
const HNT = (whole: number) => String(Math.round(whole * 1e8));

interface RigOptions {
  watts?: number;
  /** Online during the 15-minute interval starting at ts (default always). */
  up?: (ts: number) => boolean;
  gpuUtilPct?: number;
  rxPerStep?: number;
}

/** A sample every 15 min over [from, to]: uptime and the energy counter grow only while up. */
function rig(id: string, from: number, to: number, o: RigOptions = {}): IncomingSample[] {
  const out: IncomingSample[] = [];
  let uptime = 1000;
  let wh = 0;
  let rx = 1_000_000;
  for (let ts = from, seq = 1; ts <= to; ts += Q, seq++) {
    const up = o.up?.(ts - Q) ?? true;
    if (ts > from && up) {
      uptime += 900;
      wh += (o.watts ?? 100) / 4;
      rx += o.rxPerStep ?? 0;
    }
    const sample = validSample({
      device_id: id,
      seq,
      ts,
      boot_id: 'boot',
      uptime_s: uptime,
      net: [{ iface: 'eth0', rx_bytes_total: rx, tx_bytes_total: 0 }],
      gpus: [{ index: 0, util_gpu_pct: up ? (o.gpuUtilPct ?? 0) : 0 }],
      power: { watts: up ? (o.watts ?? 100) : 0, energy_wh_total: wh, energy_epoch_id: 'e', parts: [] },
    }) as Sample;
    out.push({ sample, receivedMs: ts });
  }
  return out;
}

async function rewards(store: Store, account: string, devices: string[], list: [number, string][]) {
  await store.addRewardAccount({ source: 'helium', account }, 1);
  for (const d of devices) await store.linkRewardAccountDevice('helium', account, d);
  const events = list.map(([ts, amount], i) => ({
    key: `${account}-${i}`,
    network: 'helium',
    account,
    token: 'HNT',
    amount,
    ts,
    kind: 'reward' as const,
    ref: `${account}-${i}`,
  }));
  await store.saveRewardBatch('helium', account, events, 'c', { nowMs: 1, intervalMs: 900_000 });
}

const daysFrom = (first: string, n: number) =>
  Array.from({ length: n }, (_, k) =>
    new Date(Date.parse(`${first}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10),
  );

const config: EarningsSettings = {
  timeZone: 'UTC',
  currency: 'USD',
  tariffs: [{ effectiveFrom: '2023-01-01', pricePerKwh: '0.10' }],
  fixedCosts: [],
  hardware: [],
  rewardSplits: [],
};

/** Exact 6-decimal money string → integer micro-units. */
const micros = (s: string) => {
  const [whole = '0', frac = ''] = s.replace('-', '').split('.');
  const v = BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  return s.startsWith('-') ? -v : v;
};

describe('earnings API scenarios (issue 6)', () => {
  let store: Store;
  let service: EarningsService;
  let app: ReturnType<typeof build>;
  let headers: Record<string, string>;
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url, headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const put = async (body: Partial<EarningsSettings>) => {
    const r = await app.inject({ method: 'PUT', url: '/api/v1/settings/earnings', headers, payload: body });
    expect(r.statusCode, r.body).toBe(200);
  };
  const FIRST = '2024-02-25';
  const TODAY = '2024-03-29';
  const RECENT = '2024-03-23';

  beforeAll(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-earn-api-')), 'nodetally.db'));
    const from = utc(FIRST);
    const to = utc('2024-03-30');
    const busy = { gpuUtilPct: 60, rxPerStep: 10_000 };
    await store.insertSamples(rig('healthy', from, to, busy));
    await store.insertSamples(rig('idle-earner', from, to, busy));
    await store.insertSamples(
      rig('ghost', from, to, { ...busy, up: (t) => t < utc('2024-03-27') || t >= utc('2024-03-28') }),
    );
    await store.insertSamples(rig('guzzler', from, to, { ...busy, watts: 2000 }));
    await store.insertSamples(
      rig('mover', from, to, {
        ...busy,
        up: (t) => t < utc(RECENT) || (t - utc(FIRST)) % 86_400_000 < 12 * HOUR,
      }),
    );
    // Shared account over 2024-03-10 only: s1 up all day at 100 % GPU, s2 up until noon at 50 %, s3 down.
    await store.insertSamples(
      rig('s1', utc('2024-03-10'), utc('2024-03-11'), { gpuUtilPct: 100, rxPerStep: 1000 }),
    );
    await store.insertSamples(
      rig('s2', utc('2024-03-10'), utc('2024-03-11'), {
        gpuUtilPct: 50,
        rxPerStep: 3000,
        up: (t) => t < utc('2024-03-10', 12),
      }),
    );
    await store.insertSamples(rig('s3', utc('2024-03-10'), utc('2024-03-11'), { up: () => false }));
    // New York's spring-forward day (2024-03-10, 23 h) and Kolkata (+5:30) days, from one steady rig.
    await store.insertSamples(rig('ny', utc('2024-03-08'), utc('2024-03-13')));

    const days = daysFrom(FIRST, 34);
    await rewards(
      store,
      'hs-healthy',
      ['healthy'],
      days.map((d) => [utc(d, 10), HNT(1)]),
    );
    await rewards(
      store,
      'hs-idle',
      ['idle-earner'],
      days.map((d) => [utc(d, 10), HNT(d === TODAY ? 0.1 : 1)]),
    );
    await rewards(
      store,
      'hs-ghost',
      ['ghost'],
      days.map((d) => [utc(d, 10), HNT(1)]),
    );
    await rewards(
      store,
      'hs-guzzler',
      ['guzzler'],
      days.map((d) => [utc(d, 10), HNT(0.5)]),
    );
    await rewards(
      store,
      'hs-mover',
      ['mover'],
      days.map((d) => [utc(d, 14), HNT(d < RECENT ? 1 : 0.8)]),
    );
    await rewards(store, 'shared', ['s1', 's2', 's3'], [[utc('2024-03-10', 12), '100000007']]);
    await rewards(store, 'hs-ny', ['ny'], [[utc('2024-03-10', 4, 30), HNT(1)]]);
    await store.addRewardAccount({ source: 'helium', account: 'nobody' }, 1);
    await store.saveRewardBatch(
      'helium',
      'nobody',
      [
        {
          key: 'n1',
          network: 'helium',
          account: 'nobody',
          token: 'HNT',
          amount: HNT(2),
          ts: utc('2024-03-10', 12),
          kind: 'reward',
          ref: 'n1',
        },
      ],
      'c',
      { nowMs: 1, intervalMs: 900_000 },
    );
    const prices = [];
    for (const d of daysFrom('2024-02-20', 45)) {
      prices.push({ token: 'HNT', currency: 'usd', ts: utc(d, 10, 5), price: '5.00', source: 'test' });
      prices.push({
        token: 'HNT',
        currency: 'usd',
        ts: utc(d, 14, 5),
        price: d < RECENT ? '5.00' : '4.00',
        source: 'test',
      });
      prices.push({ token: 'HNT', currency: 'usd', ts: utc(d, 12, 5), price: '5.17', source: 'test' });
      prices.push({ token: 'HNT', currency: 'usd', ts: utc(d, 4, 5), price: '6.00', source: 'test' });
    }
    await store.upsertPrices(prices);
    service = startEarnings({ store, config, log: pino({ level: 'silent' }) });
    app = build({ store, counters: new IngestCounters(), earnings: config, earningsService: service });
    headers = await testAuthHeaders(store);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await service?.stop();
    await store?.close();
  });

  const device = (id: string, query = `from=${TODAY}&to=${TODAY}`) =>
    get(`/api/v1/devices/${id}/earnings?${query}`);

  it('why it moved: the effects sum exactly to the change of net per day', async () => {
    const body = await device('mover');
    const d = body.decomposition;
    expect(d).toMatchObject({
      baseline_from: '2024-02-24',
      baseline_to: '2024-03-22',
      recent_from: RECENT,
      recent_to: TODAY,
    });
    const total = micros(d.total);
    expect(total).toBe(micros(d.recent_net_per_day) - micros(d.baseline_net_per_day));
    expect(d.effects.reduce((a: bigint, e: { amount: string }) => a + micros(e.amount), 0n)).toBe(total);
    const effect = (name: string) => micros(d.effects.find((e: { name: string }) => e.name === name).amount);
    // Baseline: 1 HNT × $5 = $5.00 gross, 2.4 kWh × $0.10 = $0.24 → $4.76 a day.
    expect(d.baseline_net_per_day).toBe('4.760000');
    // Recent: 0.8 HNT × $4 = $3.20, up until noon: 1.2 kWh measured + 0.0125 kWh interpolated (the
    // 15-minute interval after it went down: 15-min readings cannot tell, the engine bridges gaps of
    // ≤ 15 min at mean power) = 1.2125 kWh → $0.12125 → $3.07875 a day. Δ = −$1.68125.
    expect(d.recent_net_per_day).toBe('3.078750');
    expect(d.total).toBe('-1.681250');
    expect(effect('price')).toBeLessThan(0n);
    expect(effect('uptime')).toBeLessThan(0n);
    expect(effect('energy')).toBe(118_750n); // $0.24 − $0.12125 a day
    expect(d.text).toMatch(/^−35\.3%: /); // 1.68125 / 4.76
  });

  const SPLIT_DAY = 'from=2024-03-10&to=2024-03-10';
  const splitOf = async (rule: EarningsSettings['rewardSplits'][number]) => {
    await put({ rewardSplits: [rule] });
    const body = await get(`/api/v1/earnings/summary?${SPLIT_DAY}`);
    const units = (id: string) =>
      BigInt(
        body.devices.find((x: { device: string }) => x.device === id)?.total.tokens[0]?.amount_base_units ??
          '0',
      );
    const lost = body.unattributed.filter((u: { account: string }) => u.account === 'shared');
    const parts = { s1: units('s1'), s2: units('s2'), s3: units('s3') };
    const unattributed = lost.reduce(
      (a: bigint, u: { amount_base_units: string }) => a + BigInt(u.amount_base_units),
      0n,
    );
    // Conservation: the devices' parts plus the unattributed part are the account's reward, exactly.
    expect(parts.s1 + parts.s2 + parts.s3 + unattributed).toBe(100_000_007n);
    // An account with no device linked: shown as unattributed, with its reason.
    const nobody = body.unattributed.find((u: { account: string }) => u.account === 'nobody');
    expect(nobody).toMatchObject({
      reason: 'no-devices',
      amount_base_units: HNT(2),
      value: '10.340000',
    });
    return { parts, lost };
  };

  it('reward splits conserve the total under every rule; what cannot be split is shown', async () => {
    // equal: 100,000,007 / 3 = 33,333,335 r 2 → the two lowest ids get one more.
    expect((await splitOf({ account: 'shared', rule: 'equal' })).parts).toEqual({
      s1: 33_333_336n,
      s2: 33_333_336n,
      s3: 33_333_335n,
    });
    // weights 1:0:3 → 25,000,001.75 and 75,000,005.25 → the leftover unit to the larger remainder (s1).
    expect(
      (await splitOf({ account: 'shared', rule: 'weights', weights: { s1: 1, s2: 0, s3: 3 } })).parts,
    ).toEqual({ s1: 25_000_002n, s2: 0n, s3: 75_000_005n });
    // uptime 86,400 : 43,200 : 0 → 66,666,671.33 and 33,333,335.67 → leftover to s2.
    expect((await splitOf({ account: 'shared', rule: 'uptime' })).parts).toEqual({
      s1: 66_666_671n,
      s2: 33_333_336n,
      s3: 0n,
    });
    // GPU-busy 86,400 : 21,600 : 0 → 80,000,005.6 and 20,000,001.4 → leftover to s1.
    expect((await splitOf({ account: 'shared', rule: 'gpu-busy' })).parts).toEqual({
      s1: 80_000_006n,
      s2: 20_000_001n,
      s3: 0n,
    });
    // bandwidth: s1 95 counted intervals × 1,000 B = 95,000; s2 48 × 3,000 = 144,000 (rx grows only while
    // up); s3 0 → 39,748,956.96 and 60,251,049.04 → the 2 leftover units to s1, then s2.
    expect((await splitOf({ account: 'shared', rule: 'bandwidth' })).parts).toEqual({
      s1: 39_748_957n,
      s2: 60_251_050n,
      s3: 0n,
    });
    // Every weight 0: nothing is dropped, the whole reward is unattributed with its reason.
    const none = await splitOf({ account: 'shared', rule: 'weights', weights: { s1: 0, s2: 0, s3: 0 } });
    expect(none.lost).toMatchObject([
      { reason: 'no-weight', amount_base_units: '100000007', value: '5.170000' },
    ]);
    await put({ rewardSplits: [] });
  });

  it('America/New_York: the spring-forward day has 23 hours, and a reward at 04:30 UTC is the evening before', async () => {
    await put({ timeZone: 'America/New_York' });
    const body = await device('ny', 'from=2024-03-09&to=2024-03-11');
    expect(body.time_zone).toBe('America/New_York');
    const byDay = Object.fromEntries(body.periods.map((p: { period: string }) => [p.period, p]));
    expect(byDay['2024-03-09']).toMatchObject({
      uptime_s: 86_400,
      energy_kwh: '2.400000',
      gross: '6.000000',
    });
    expect(byDay['2024-03-10']).toMatchObject({
      uptime_s: 82_800,
      energy_kwh: '2.300000',
      energy_cost: '0.230000',
      gross: '0.000000',
    });
    expect(byDay['2024-03-11']).toMatchObject({ uptime_s: 86_400, energy_kwh: '2.400000' });
    await put({ timeZone: 'UTC' });
  });

  it('Asia/Kolkata (+5:30): days run 18:30 to 18:30 UTC', async () => {
    await put({ timeZone: 'Asia/Kolkata' });
    const body = await device('ny', 'from=2024-03-09&to=2024-03-11');
    const byDay = Object.fromEntries(body.periods.map((p: { period: string }) => [p.period, p]));
    // 04:30 UTC on the 10th is 10:00 IST on the 10th.
    expect(byDay['2024-03-09']).toMatchObject({
      uptime_s: 86_400,
      energy_kwh: '2.400000',
      gross: '0.000000',
    });
    expect(byDay['2024-03-10']).toMatchObject({
      uptime_s: 86_400,
      energy_kwh: '2.400000',
      gross: '6.000000',
    });
    await put({ timeZone: 'UTC' });
  });

  const kinds = (body: { flags: { kind: string }[] }) => body.flags.map((f) => f.kind);

  it('a healthy device raises no flag', async () => {
    expect(kinds(await device('healthy'))).toEqual([]);
  });

  it('healthy-but-not-earning: online and busy, paid a tenth of its median', async () => {
    const body = await device('idle-earner');
    expect(body.flags).toEqual([
      {
        kind: 'healthy-but-not-earning',
        day: TODAY,
        token: 'HNT',
        amount_base_units: HNT(0.1),
        baseline_base_units: HNT(1),
      },
    ]);
  });

  it('earning-while-offline: paid on the 28th for the 27th, when it was down all day', async () => {
    const body = await device('ghost', 'from=2024-03-20&to=2024-03-29');
    expect(body.flags).toEqual([
      {
        kind: 'earning-while-offline',
        day: '2024-03-28',
        network: 'helium',
        token: 'HNT',
        amount_base_units: HNT(1),
        period_from: '2024-03-27',
        period_to: '2024-03-27',
      },
    ]);
  });

  it('costs-more-than-it-earns: 48 kWh a day at $0.10 against $2.50 of HNT', async () => {
    const body = await device('guzzler');
    // 30 days: gross 30 × $2.50 = $75; energy 30 × 48 kWh × $0.10 = $144.
    expect(body.flags).toEqual([
      {
        kind: 'costs-more-than-it-earns',
        from: '2024-02-29',
        to: TODAY,
        gross: '75.000000',
        cost: '144.000000',
      },
    ]);
  });

  it('late-payout: an account silent for 5 days (helium pays daily) when the range reaches today', async () => {
    const now = Date.now();
    await rewards(store, 'hs-late', ['late-rig'], [[now - 5 * 86_400_000, HNT(1)]]);
    await rewards(store, 'hs-prompt', ['prompt-rig'], [[now - 2 * HOUR, HNT(1)]]);
    const late = await get('/api/v1/devices/late-rig/earnings');
    expect(late.flags).toMatchObject([
      { kind: 'late-payout', network: 'helium', account: 'hs-late', last_payout_ms: now - 5 * 86_400_000 },
    ]);
    expect(kinds(await get('/api/v1/devices/prompt-rig/earnings'))).toEqual([]);
    // The fleet snapshot carries the same flag ids.
    const snap = await service.refresh();
    expect(snap.devices.find((d) => d.device_id === 'late-rig')?.flags).toContain('late-payout');
    expect(snap.devices.find((d) => d.device_id === 'prompt-rig')?.flags).not.toContain('late-payout');
  });
});
