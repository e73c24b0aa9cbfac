import type { Logger } from 'pino';
import { type PriceOutcome, syncPrices } from '../prices/sync.js';
import type { PriceProvider } from '../prices/types.js';
import type { RewardAccountRecord } from '../store/reward-types.js';
import type { Store } from '../store/types.js';
import { describeError, type SyncOutcome, syncAccount } from './sync.js';
import type { RewardSource } from './types.js';

export interface SchedulerOptions {
  store: Store;
  log: Logger;
  /** Builds the source of a stored account; throwing marks that account failed, not the others. */
  createSource: (account: RewardAccountRecord) => RewardSource;
  prices?: PriceProvider | null;
  rewardsIntervalMs: number;
  pricesIntervalMs: number;
  /** First retry after a failure; doubles per consecutive failure, capped at the interval. */
  retryBaseMs?: number;
  /** How often the loop looks for due work (and for accounts added by the CLI meanwhile). */
  tickMs?: number;
  currency?: string;
  /** Which accounts to sync (`rewards sync --network`); all by default. */
  filter?: (account: RewardAccountRecord) => boolean;
  now?: () => number;
}

export interface TickReport {
  rewards: SyncOutcome[];
  prices: PriceOutcome[];
}

const keyOf = (a: { source: string; account: string }) => `${a.source}\u0000${a.account}`;

/**
 * Runs each account's source on its interval from the stored cursor, retrying failures with
 * exponential backoff, then prices the hours of new events. Every error is caught, logged and recorded
 * as the source's sync state: one failing source never stops the others, nor the hub.
 */
export class RewardScheduler {
  private readonly due = new Map<string, number>();
  private pricesDueMs = 0;
  private pricesDirty = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<TickReport> | undefined;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** One pass: every due account (all of them with `all`), then prices when new events came or due. */
  tick(all = false): Promise<TickReport> {
    if (!this.current) this.current = this.pass(all).finally(() => (this.current = undefined));
    return this.current;
  }

  private async pass(all: boolean): Promise<TickReport> {
    const { store, log } = this.options;
    const report: TickReport = { rewards: [], prices: [] };
    let accounts: RewardAccountRecord[] = [];
    try {
      accounts = (await store.listRewardAccounts()).filter(this.options.filter ?? (() => true));
    } catch (error) {
      log.error({ err: error }, 'cannot list reward accounts');
    }
    const now = this.now();
    const runs = accounts
      .filter((a) => all || (this.due.get(keyOf(a)) ?? 0) <= now)
      .map((account) => this.runAccount(account));
    report.rewards = await Promise.all(runs);
    if (this.options.prices && (all || this.pricesDirty || this.pricesDueMs <= this.now())) {
      report.prices = await this.runPrices(this.options.prices);
    }
    return report;
  }

  private async runAccount(account: RewardAccountRecord): Promise<SyncOutcome> {
    const { store, log, rewardsIntervalMs } = this.options;
    const mark = { nowMs: this.now(), intervalMs: rewardsIntervalMs };
    let outcome: SyncOutcome;
    try {
      outcome = await syncAccount(store, this.options.createSource(account), account.account, mark);
    } catch (error) {
      // createSource threw (unknown source), or even recording the failure failed.
      outcome = { source: account.source, account: account.account, ok: false, error: describeError(error) };
      await store.recordSyncFailure(account.source, account.account, outcome.error, mark).catch(() => {});
    }
    if (outcome.ok) {
      this.due.set(keyOf(account), this.now() + rewardsIntervalMs);
      if (outcome.inserted > 0) this.pricesDirty = true;
      log.info({ source: outcome.source, account: outcome.account, new_events: outcome.inserted }, 'synced');
    } else {
      const state = await store.getSyncState(account.source, account.account).catch(() => null);
      const failures = Math.max(1, state?.consecutive_failures ?? 1);
      const delay = Math.min(rewardsIntervalMs, (this.options.retryBaseMs ?? 60_000) * 2 ** (failures - 1));
      this.due.set(keyOf(account), this.now() + delay);
      log.warn({ source: outcome.source, account: outcome.account, retry_in_ms: delay }, outcome.error);
    }
    return outcome;
  }

  private async runPrices(prices: PriceProvider): Promise<PriceOutcome[]> {
    const { store, log, pricesIntervalMs } = this.options;
    this.pricesDirty = false;
    try {
      const mark = { nowMs: this.now(), intervalMs: pricesIntervalMs };
      const outcomes = await syncPrices(store, prices, mark, this.options.currency);
      const failed = outcomes.some((o) => !o.ok);
      const retry = Math.min(pricesIntervalMs, this.options.retryBaseMs ?? 60_000);
      this.pricesDueMs = this.now() + (failed ? retry : pricesIntervalMs);
      for (const o of outcomes) if (!o.ok) log.warn({ token: o.token }, o.error);
      return outcomes;
    } catch (error) {
      log.error({ err: error }, 'price sync failed');
      this.pricesDueMs = this.now() + Math.min(pricesIntervalMs, this.options.retryBaseMs ?? 60_000);
      return [];
    }
  }

  /** Starts the loop: a first pass at once, then a look every `tickMs`. */
  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      await this.tick().catch((error) => this.options.log.error({ err: error }, 'reward tick failed'));
      if (this.stopped) return;
      this.timer = setTimeout(loop, this.options.tickMs ?? 5_000);
      this.timer.unref();
    };
    void loop();
  }

  /** Stops the loop and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.catch(() => {});
  }
}
