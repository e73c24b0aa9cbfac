import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../app.js';
import { IngestCounters } from '../../ingest/counters.js';
import { decimalFromNumber } from '../../prices/decimal.js';
import { HSD_KEY, HSD_TS, hsd, recordedRange, TREASURY } from '../../rewards/testing/recorded.js';
import type { RewardEvent } from '../../rewards/types.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { testAuthHeaders } from '../testing/auth.js';

/** The event the recorded mainnet claim gives the treasury (see rewards/solana-spl tests). */
const recordedEvent: RewardEvent = {
  key: HSD_KEY,
  network: 'helium',
  account: TREASURY,
  token: 'HNT',
  amount: '-80731',
  ts: HSD_TS,
  kind: 'other',
  ref: hsd.signature,
};
/**
 * Store rows placed in the hours of the recorded CoinGecko range (2024-01-01 00:00 and 01:00 UTC, the
 * doc example's bitcoin prices standing in for HNT) to check the valuation arithmetic against them.
 */
const inRecordedHours: RewardEvent[] = [
  {
    ...recordedEvent,
    key: 'row-a',
    ref: 'row-a',
    amount: '1000000000',
    kind: 'reward',
    ts: Date.UTC(2024, 0, 1, 0, 30),
  },
  { ...recordedEvent, key: 'row-b', ref: 'row-b', ts: Date.UTC(2024, 0, 1, 1, 59, 59, 999) },
];

interface Body {
  rewards: Array<Record<string, unknown>>;
}

describe('GET /api/v1/rewards and /api/v1/rewards/sources', () => {
  let store: Store;
  let app: ReturnType<typeof build>;
  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: await testAuthHeaders(store) });
    return { status: response.statusCode, body: response.json() };
  };

  beforeEach(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-rewards-api-')), 'db.sqlite'));
    app = build({ store, counters: new IngestCounters() });
    const mark = { nowMs: Date.now(), intervalMs: 900_000 };
    await store.addRewardAccount({ source: 'helium', account: TREASURY, label: 'treasury' }, 1);
    await store.linkRewardAccountDevice('helium', TREASURY, 'pi-1');
    await store.saveRewardBatch('helium', TREASURY, [recordedEvent, ...inRecordedHours], 'c', mark);
    await store.upsertPrices(
      recordedRange.prices.map(([ts, price]) => ({
        token: 'HNT',
        currency: 'usd',
        ts,
        price: decimalFromNumber(price),
        source: 'coingecko',
      })),
    );
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('lists exact token amounts and the USD value at the price of each reward’s own hour', async () => {
    const { status, body } = await get('/api/v1/rewards');
    expect(status).toBe(200);
    const rows = (body as Body).rewards;
    expect(rows.map((r) => [r.key, r.amount, r.price_usd, r.value_usd])).toEqual([
      ['row-a', '10', '42261.0406175669', '422610.406176'],
      ['row-b', '-0.00080731', '42493.2764087546', '-34.305247'],
      [HSD_KEY, '-0.00080731', null, null],
    ]);
    expect(rows[2]).toEqual({
      key: HSD_KEY,
      source: 'helium',
      network: 'helium',
      account: TREASURY,
      token: 'HNT',
      kind: 'other',
      ref: hsd.signature,
      ts_ms: 1774916143000,
      amount: '-0.00080731',
      amount_base_units: '-80731',
      decimals: 8,
      price_usd: null,
      value_usd: null,
    });
  });

  it('filters by account, network, device and time', async () => {
    const keys = async (query: string) =>
      ((await get(`/api/v1/rewards?${query}`)).body as Body).rewards.map((r) => r.key);
    expect(await keys(`account=${TREASURY}&from=${Date.UTC(2025, 0)}`)).toEqual([HSD_KEY]);
    expect(await keys(`network=helium&to=${Date.UTC(2024, 0, 1, 1)}`)).toEqual(['row-a']);
    expect(await keys('device=pi-1&limit=1')).toEqual(['row-a']);
    expect(await keys('device=pi-2')).toEqual([]);
    expect(await keys('network=render')).toEqual([]);
  });

  it('refuses a malformed query', async () => {
    expect((await get('/api/v1/rewards?from=yesterday')).status).toBe(400);
    expect((await get('/api/v1/rewards?limit=0')).status).toBe(400);
  });

  it('reports each source’s cursor, last success and error, and whether its data is stale', async () => {
    await store.addRewardAccount({ source: 'akash', account: 'akash1never' }, 1);
    await store.recordSyncFailure('prices', 'HNT', 'NT_ERR_PRICES_UNAVAILABLE: no provider answered', {
      nowMs: Date.now(),
      intervalMs: 3_600_000,
    });
    const { status, body } = await get('/api/v1/rewards/sources');
    expect(status).toBe(200);
    const sources = (body as { sources: Array<Record<string, unknown>> }).sources;
    expect(sources.map((s) => [s.source, s.account, s.stale])).toEqual([
      ['akash', 'akash1never', true],
      ['helium', TREASURY, false],
      ['prices', 'HNT', true],
    ]);
    expect(sources[1]).toMatchObject({ label: 'treasury', devices: ['pi-1'], cursor: 'c', last_error: null });
    expect(sources[2]).toMatchObject({ last_success_ms: null, consecutive_failures: 1 });
    expect(sources[2]?.last_error).toMatch(/^NT_ERR_PRICES_UNAVAILABLE/);
  });
});
