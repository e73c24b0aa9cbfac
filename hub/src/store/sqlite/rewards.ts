import type Database from 'better-sqlite3';
import type { RewardEvent } from '../../rewards/types.js';
import {
  hourOf,
  type RewardEventFilter,
  type RewardStore,
  type SaveResult,
  type StoredRewardEvent,
  type SyncMark,
  type SyncState,
} from '../reward-types.js';
import {
  type RewardAccountLinkRow,
  type RewardAccountRow,
  type RewardEventRow,
  toRewardAccounts,
  toStoredRewardEvent,
} from '../rows.js';
import { sqliteEarningsRewards } from './earnings-rewards.js';

/** Accounts, reward events, sync cursors and hourly prices in the hub's SQLite database. */
export function sqliteRewardStore(db: Database.Database): RewardStore {
  const addAccount = db.prepare(`
    INSERT INTO reward_accounts (source, account, label, options_json, created_ms)
    VALUES (@source, @account, @label, @options_json, @now)
    ON CONFLICT (source, account) DO UPDATE SET
      label = coalesce(excluded.label, label), options_json = coalesce(excluded.options_json, options_json)`);
  const link = db.prepare(
    'INSERT INTO reward_account_devices (source, account, device_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const unlink = db.prepare(
    'DELETE FROM reward_account_devices WHERE source = ? AND account = ? AND device_id = ?',
  );
  const accounts = db.prepare(
    'SELECT source, account, label, options_json FROM reward_accounts ORDER BY 1, 2',
  );
  const links = db.prepare('SELECT source, account, device_id FROM reward_account_devices ORDER BY 3');
  const insertEvent = db.prepare(`
    INSERT INTO reward_events (key, source, network, account, token, amount, ts_ms, kind, ref, stored_ms)
    VALUES (@key, @source, @network, @account, @token, @amount, @ts, @kind, @ref, @now)
    ON CONFLICT (key) DO NOTHING`);
  const saveSuccess = db.prepare(`
    INSERT INTO reward_sync (source, account, cursor, interval_ms, last_attempt_ms, last_success_ms)
    VALUES (@source, @account, @cursor, @interval, @now, @now)
    ON CONFLICT (source, account) DO UPDATE SET cursor = coalesce(excluded.cursor, cursor),
      interval_ms = excluded.interval_ms, last_attempt_ms = excluded.last_attempt_ms,
      last_success_ms = excluded.last_success_ms, consecutive_failures = 0`);
  const saveFailure = db.prepare(`
    INSERT INTO reward_sync (source, account, interval_ms, last_attempt_ms, last_failure_ms, last_error,
                             consecutive_failures)
    VALUES (@source, @account, @interval, @now, @now, @error, 1)
    ON CONFLICT (source, account) DO UPDATE SET interval_ms = excluded.interval_ms,
      last_attempt_ms = excluded.last_attempt_ms, last_failure_ms = excluded.last_failure_ms,
      last_error = excluded.last_error, consecutive_failures = consecutive_failures + 1`);
  const syncColumns = `source, account, cursor, interval_ms, last_attempt_ms, last_success_ms,
    last_failure_ms, last_error, consecutive_failures`;
  const getSync = db.prepare(`SELECT ${syncColumns} FROM reward_sync WHERE source = ? AND account = ?`);
  const listSync = db.prepare(`SELECT ${syncColumns} FROM reward_sync ORDER BY source, account`);
  const upsertPrice = db.prepare(`
    INSERT INTO price_points (token, currency, hour_ms, price, ts_ms, provider)
    VALUES (@token, @currency, @hour, @price, @ts, @provider)
    ON CONFLICT (token, currency, hour_ms) DO UPDATE SET price = excluded.price, ts_ms = excluded.ts_ms,
      provider = excluded.provider`);
  const getPrice = db.prepare(
    'SELECT price FROM price_points WHERE token = ? AND currency = ? AND hour_ms = ?',
  );
  const unpriced = db.prepare(`
    SELECT DISTINCT e.token, e.ts_ms - (e.ts_ms % 3600000) AS hour_ms FROM reward_events e
    WHERE NOT EXISTS (SELECT 1 FROM price_points p WHERE p.token = e.token AND p.currency = ?
                      AND p.hour_ms = e.ts_ms - (e.ts_ms % 3600000))
    ORDER BY hour_ms, e.token`);
  const tokens = db.prepare('SELECT DISTINCT token FROM reward_events ORDER BY token');
  const earningsRewards = sqliteEarningsRewards(db);

  const saveBatch = db.transaction(
    (
      source: string,
      account: string,
      events: readonly RewardEvent[],
      cursor: string | null,
      mark: SyncMark,
    ) => {
      const result: SaveResult = { inserted: 0, duplicates: 0 };
      for (const event of events) {
        const row = { ...event, source, now: mark.nowMs };
        if (insertEvent.run(row).changes === 1) result.inserted++;
        else result.duplicates++;
      }
      saveSuccess.run({ source, account, cursor, interval: mark.intervalMs, now: mark.nowMs });
      return result;
    },
  );
  const savePrices = db.transaction((points: Parameters<RewardStore['upsertPrices']>[0]) => {
    for (const p of points) upsertPrice.run({ ...p, provider: p.source, hour: hourOf(p.ts) });
    return points.length;
  });

  function listEvents(filter: RewardEventFilter = {}): StoredRewardEvent[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { currency: filter.currency ?? 'usd' };
    if (filter.account !== undefined) {
      where.push('e.account = @account');
      params.account = filter.account;
    }
    if (filter.network !== undefined) {
      where.push('(e.network = @network OR e.source = @network)');
      params.network = filter.network;
    }
    if (filter.device !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM reward_account_devices d WHERE d.device_id = @device
        AND d.source = e.source AND d.account = e.account)`);
      params.device = filter.device;
    }
    if (filter.fromMs !== undefined) {
      where.push('e.ts_ms >= @from');
      params.from = filter.fromMs;
    }
    if (filter.toMs !== undefined) {
      where.push('e.ts_ms < @to');
      params.to = filter.toMs;
    }
    params.limit = filter.limit ?? 10_000;
    const rows = db
      .prepare(`
        SELECT e.key, e.source, e.network, e.account, e.token, e.amount, e.ts_ms, e.kind, e.ref, p.price
        FROM reward_events e LEFT JOIN price_points p ON p.token = e.token AND p.currency = @currency
          AND p.hour_ms = e.ts_ms - (e.ts_ms % 3600000)
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.ts_ms, e.key LIMIT @limit`)
      .all(params) as RewardEventRow[];
    return rows.map(toStoredRewardEvent);
  }

  return {
    async addRewardAccount(a, now) {
      const options_json = a.options ? JSON.stringify(a.options) : null;
      addAccount.run({ source: a.source, account: a.account, label: a.label ?? null, options_json, now });
    },
    async linkRewardAccountDevice(source, account, deviceId) {
      return link.run(source, account, deviceId).changes === 1;
    },
    async unlinkRewardAccountDevice(source, account, deviceId) {
      return unlink.run(source, account, deviceId).changes === 1;
    },
    async listRewardAccounts() {
      const linked = links.all() as RewardAccountLinkRow[];
      const rows = accounts.all() as RewardAccountRow[];
      return toRewardAccounts(rows, linked);
    },
    async saveRewardBatch(source, account, events, cursor, mark) {
      return saveBatch(source, account, events, cursor, mark);
    },
    async recordSyncFailure(source, account, error, mark) {
      saveFailure.run({ source, account, error, interval: mark.intervalMs, now: mark.nowMs });
    },
    async getSyncState(source, account) {
      return (getSync.get(source, account) as SyncState | undefined) ?? null;
    },
    async listSyncStates() {
      return listSync.all() as SyncState[];
    },
    async listRewardEvents(filter) {
      return listEvents(filter);
    },
    async listEarningsRewards(filter) {
      return earningsRewards(filter);
    },
    async upsertPrices(points) {
      return savePrices(points);
    },
    async unpricedEventHours(currency) {
      return unpriced.all(currency) as Array<{ token: string; hour_ms: number }>;
    },
    async getPrice(token, currency, hourMs) {
      return (getPrice.get(token, currency, hourMs) as { price: string } | undefined)?.price ?? null;
    },
    async rewardTokens() {
      return (tokens.all() as Array<{ token: string }>).map((row) => row.token);
    },
  };
}
