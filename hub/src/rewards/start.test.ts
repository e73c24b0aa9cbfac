import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { startReplay } from '../http/testing/replay-server.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { schedulerFor } from './start.js';
import { replaySolanaAndCoinGecko, TREASURY } from './testing/recorded.js';

it('asks CoinGecko in the currency earnings are valued in', async () => {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-start-')), 'nodetally.db'));
  const server = await startReplay(replaySolanaAndCoinGecko());
  try {
    await store.addRewardAccount({ source: 'helium', account: TREASURY, label: null }, Date.now());
    const config = {
      rewardAccounts: [],
      rewardBaseUrls: { solana: server.baseUrl, coingecko: server.baseUrl },
      rewardsIntervalS: 900,
      pricesIntervalS: 3600,
      // The earnings schema allows only USD today; the price side follows whatever it is set to.
      currency: 'EUR' as 'USD',
    };
    const scheduler = schedulerFor(config, store, pino({ level: 'silent' }), {
      http: { retries: 0, timeoutMs: 5_000 },
    });
    const report = await scheduler.tick(true);
    expect(report.rewards.map((r) => r.ok)).toEqual([true]);
    const asked = server.requests
      .filter((r) => r.method === 'GET')
      .map((r) => r.url.searchParams.get('vs_currencies') ?? r.url.searchParams.get('vs_currency'));
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set(['eur']));
    await scheduler.stop();
  } finally {
    await server.close();
    await store.close();
  }
});
