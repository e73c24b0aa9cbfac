import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReplayServer, readJson, startReplay } from '../http/testing/replay-server.js';
import { CoinGeckoProvider } from '../prices/coingecko/provider.js';
import { FallbackPrices } from '../prices/fallback.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/types.js';
import { createSource } from './accounts.js';
import { RewardScheduler } from './scheduler.js';
import { replayTransactions } from './solana-spl/testing/replay.js';
import { isStale } from './staleness.js';
import { HSD_KEY, HSD_TS, hsd, lazy, recordedRange, replayPrices, TREASURY } from './testing/recorded.js';

const AKASH_PROVIDER = 'akash19zzh7whjt4vfwxd5wtj3tjtyatnpntfhldshd8';
const akashLeases = readJson(
  new URL('./akash/testdata/akash-lcd-market-v1beta5-leases-list.json', import.meta.url),
);
const INTERVAL = 900_000;
const RETRY = 60_000;
const http = { retries: 0, timeoutMs: 5_000 };
const method = (r: { body: unknown }) => (r.body as { method?: string } | undefined)?.method;

describe('reward scheduler on recorded Solana / Akash / CoinGecko responses', () => {
  let store: Store;
  let solana: ReplayServer;
  let akash: ReplayServer;
  let coingecko: ReplayServer;
  let now: number;
  let scheduler: RewardScheduler;

  beforeEach(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-sched-')), 'nodetally.db'));
    solana = await startReplay(replayTransactions([hsd, lazy]));
    akash = await startReplay((r) =>
      r.url.pathname === '/akash/market/v1beta5/leases/list' ? { body: akashLeases } : undefined,
    );
    coingecko = await startReplay(replayPrices);
    now = Date.UTC(2026, 3, 1, 12);
    await store.addRewardAccount({ source: 'helium', account: TREASURY, label: 'treasury' }, now);
    // The recorded CoinGecko answers are bitcoin's; this provider is told HNT is "bitcoin".
    const prices = new FallbackPrices(
      [new CoinGeckoProvider({ baseUrl: coingecko.baseUrl, http, ids: { HNT: 'bitcoin' } })],
      { now: () => now },
    );
    scheduler = new RewardScheduler({
      store,
      log: pino({ level: 'silent' }),
      createSource: (account) =>
        createSource(account, { solana: solana.baseUrl, akash: akash.baseUrl }, http),
      prices,
      rewardsIntervalMs: INTERVAL,
      pricesIntervalMs: 3_600_000,
      retryBaseMs: RETRY,
      now: () => now,
    });
  });
  afterEach(async () => {
    await scheduler.stop();
    await Promise.all([solana.close(), akash.close(), coingecko.close()]);
    await store.close();
  });

  it('a first sync stores the recorded event exactly; a second stores nothing new', async () => {
    const first = await scheduler.tick();
    expect(first.rewards).toEqual([
      { source: 'helium', account: TREASURY, ok: true, inserted: 1, duplicates: 0 },
    ]);
    const [event] = await store.listRewardEvents();
    expect(event).toMatchObject({ key: HSD_KEY, amount: '-80731', token: 'HNT', kind: 'other' });
    expect(event?.ts).toBe(HSD_TS);
    const cursor = (await store.getSyncState('helium', TREASURY))?.cursor;
    expect(cursor).toContain(hsd.signature);

    solana.setFault('none'); // clears the request log
    now += INTERVAL;
    const second = await scheduler.tick();
    expect(second.rewards).toEqual([
      { source: 'helium', account: TREASURY, ok: true, inserted: 0, duplicates: 0 },
    ]);
    expect(solana.requests.some((r) => method(r) === 'getTransaction')).toBe(false);
    expect(await store.listRewardEvents()).toHaveLength(1);
  });

  it('runs an account only when due', async () => {
    await scheduler.tick();
    solana.setFault('none');
    now += INTERVAL - 1;
    expect((await scheduler.tick()).rewards).toEqual([]);
    expect(solana.requests).toEqual([]);
  });

  it.each([
    ['500', 'NT_ERR_HTTP_STATUS'],
    ['429-once', 'NT_ERR_HTTP_RATE_LIMITED'],
    ['truncated', 'NT_ERR_HTTP_BODY'],
  ] as const)(
    'a %s marks the source with its error, backs off, keeps the cursor, then recovers',
    async (fault, code) => {
      await scheduler.tick();
      const before = await store.getSyncState('helium', TREASURY);
      solana.setFault(fault);
      now += INTERVAL;
      const failed = await scheduler.tick();
      expect(failed.rewards[0]).toMatchObject({ ok: false, error: expect.stringContaining(code) });
      const state = await store.getSyncState('helium', TREASURY);
      expect(state).toMatchObject({ cursor: before?.cursor, consecutive_failures: 1, last_failure_ms: now });
      expect(state?.last_error).toContain(code);
      expect(state?.last_success_ms).toBe(before?.last_success_ms);

      solana.setFault('none');
      now += RETRY - 1; // backoff: not yet
      expect((await scheduler.tick()).rewards).toEqual([]);
      now += 1;
      const recovered = await scheduler.tick();
      expect(recovered.rewards[0]).toMatchObject({ ok: true, inserted: 0 });
      expect(await store.getSyncState('helium', TREASURY)).toMatchObject({
        consecutive_failures: 0,
        last_success_ms: now,
      });
      expect(await store.listRewardEvents()).toHaveLength(1);
    },
  );

  it('doubles the retry delay per consecutive failure, capped at the interval', async () => {
    solana.setFault('500');
    const retries: number[] = [];
    for (let i = 0; i < 6; i++) {
      const start = now;
      await scheduler.tick(i === 0);
      // advance minute by minute until the account is retried
      do now += RETRY / 2;
      while ((await scheduler.tick()).rewards.length === 0);
      retries.push(now - start);
    }
    expect(retries).toEqual([60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  });

  it('marks data stale after three intervals without a success', async () => {
    await scheduler.tick();
    solana.setFault('500');
    const synced = now;
    while (now - synced <= 3 * INTERVAL) {
      now += RETRY;
      await scheduler.tick();
      const state = await store.getSyncState('helium', TREASURY);
      expect(state && isStale(state, now)).toBe(now - synced > 3 * INTERVAL);
    }
    expect((await store.getSyncState('helium', TREASURY))?.consecutive_failures).toBeGreaterThan(3);
  });

  it('one failing source does not stop another, nor an unknown one', async () => {
    await store.addRewardAccount({ source: 'akash', account: AKASH_PROVIDER }, now);
    await store.addRewardAccount({ source: 'nosana', account: 'node-1' }, now);
    solana.setFault('500');
    const { rewards } = await scheduler.tick();
    expect(rewards.map((r) => [r.source, r.ok])).toEqual([
      ['akash', true],
      ['helium', false],
      ['nosana', false],
    ]);
    const events = await store.listRewardEvents({ network: 'akash' });
    expect(events.map((e) => [e.token, e.amount, e.kind])).toEqual([['ACT', '13780746', 'reward']]);
    expect((await store.getSyncState('nosana', 'node-1'))?.last_error).toMatch(/NT_ERR_CONFIG_INVALID/);
  });

  it('prices the hours of new events from market_chart/range, and records a price failure', async () => {
    const { prices } = await scheduler.tick();
    const eventHour = Math.floor(HSD_TS / 3_600_000) * 3600;
    const asked = coingecko.requests.find((r) => r.url.pathname.endsWith('/market_chart/range'));
    expect(asked?.url.searchParams.get('from')).toBe(String(eventHour));
    expect(asked?.url.searchParams.get('to')).toBe(String(eventHour + 3600));
    // The recorded answer holds 2024-01-01 hours and the 2024-03-25 spot: stored, but not the event's hour.
    expect(prices).toEqual([
      { token: 'HNT', ok: true, stored: recordedRange.prices.length + 1, unpriced_hours: 1 },
    ]);
    expect(await store.getPrice('HNT', 'usd', Date.UTC(2024, 0, 1, 1))).toBe('42493.2764087546');
    expect((await store.listRewardEvents())[0]?.price).toBeNull();

    // History of a past range stays cached (it cannot change); the spot price is asked again and fails.
    coingecko.setFault('500');
    now += 3_600_000;
    const failed = await scheduler.tick();
    expect(failed.prices[0]).toMatchObject({ token: 'HNT', ok: false });
    expect((await store.getSyncState('prices', 'HNT'))?.last_error).toMatch(/NT_ERR_PRICES_UNAVAILABLE/);
  });
});
