import type { Logger } from 'pino';
import type { HubConfig } from '../config.js';
import type { HttpOptions } from '../http/index.js';
import { CoinGeckoProvider } from '../prices/coingecko/provider.js';
import { FallbackPrices } from '../prices/fallback.js';
import { PythProvider } from '../prices/pyth/provider.js';
import type { PriceProvider } from '../prices/types.js';
import type { RewardAccountRecord } from '../store/reward-types.js';
import type { Store } from '../store/types.js';
import { createSource, resolveSourceId } from './accounts.js';
import { RewardScheduler } from './scheduler.js';

type RewardConfig = Pick<
  HubConfig,
  'rewardAccounts' | 'rewardBaseUrls' | 'rewardsIntervalS' | 'pricesIntervalS' | 'coingeckoApiKey'
> &
  Partial<Pick<HubConfig, 'currency' | 'spacescopeApiKey'>>;

/** Copies the config file's accounts and device links into the store, where the CLI's also live. */
export async function importConfiguredAccounts(config: RewardConfig, store: Store, nowMs: number) {
  for (const entry of config.rewardAccounts) {
    const source = resolveSourceId(entry.network);
    await store.addRewardAccount(
      { source, account: entry.account, label: entry.label ?? null, options: entry.options ?? null },
      nowMs,
    );
    for (const device of entry.devices ?? []) {
      await store.linkRewardAccountDevice(source, entry.account, device);
    }
  }
}

/** CoinGecko first, Pyth Hermes as fallback, at the configured base URLs. */
export function priceProviderFor(config: RewardConfig, http?: HttpOptions): PriceProvider {
  const urls = config.rewardBaseUrls;
  const coingecko = new CoinGeckoProvider({
    ...(urls.coingecko ? { baseUrl: urls.coingecko } : {}),
    ...(config.coingeckoApiKey ? { apiKey: config.coingeckoApiKey } : {}),
    ...(http ? { http } : {}),
  });
  const pyth = new PythProvider({ ...(urls.pyth ? { baseUrl: urls.pyth } : {}), ...(http ? { http } : {}) });
  return new FallbackPrices([coingecko, pyth]);
}

export interface SchedulerSetup {
  http?: HttpOptions;
  filter?: (account: RewardAccountRecord) => boolean;
}

export function schedulerFor(
  config: RewardConfig,
  store: Store,
  log: Logger,
  setup: SchedulerSetup = {},
): RewardScheduler {
  return new RewardScheduler({
    store,
    log,
    createSource: (account) =>
      createSource(account, config.rewardBaseUrls, setup.http, {
        ...(config.spacescopeApiKey ? { spacescope: config.spacescopeApiKey } : {}),
      }),
    prices: priceProviderFor(config, setup.http),
    rewardsIntervalMs: Math.max(1, config.rewardsIntervalS) * 1000,
    pricesIntervalMs: config.pricesIntervalS * 1000,
    // Prices are fetched in the currency earnings are valued in (CoinGecko vs_currency; Pyth is USD only).
    currency: (config.currency ?? 'USD').toLowerCase(),
    ...(setup.filter ? { filter: setup.filter } : {}),
  });
}

/**
 * What the hub runs: the config's accounts imported, then the scheduler (unless rewardsIntervalS is 0).
 * A bad account in the config is logged, not fatal: the hub serves telemetry regardless.
 */
export async function startRewards(config: RewardConfig, store: Store, log: Logger) {
  try {
    await importConfiguredAccounts(config, store, Date.now());
  } catch (error) {
    log.error({ err: error }, 'reward accounts in the config were not all imported');
  }
  if (config.rewardsIntervalS === 0) return { stop: async () => {} };
  const scheduler = schedulerFor(config, store, log);
  scheduler.start();
  return { stop: () => scheduler.stop() };
}
