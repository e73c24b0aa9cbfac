import type pg from 'pg';
import type { RewardEvent } from '../../rewards/types.js';
import {
  type EarningsRewardFilter,
  HOUR_MS,
  hourOf,
  type RewardEventFilter,
  type RewardStore,
  type SyncState,
} from '../reward-types.js';
import {
  type RewardAccountLinkRow,
  type RewardAccountRow,
  type RewardEventRow,
  toRewardAccounts,
  toStoredRewardEvent,
} from '../rows.js';
import { inTransaction } from './db.js';

const ADD_ACCOUNT = `
  INSERT INTO reward_accounts (source, account, label, options_json, created_ms) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (source, account) DO UPDATE SET
    label = coalesce(excluded.label, reward_accounts.label),
    options_json = coalesce(excluded.options_json, reward_accounts.options_json)`;
const INSERT_EVENTS = `
  INSERT INTO reward_events (key, source, network, account, token, amount, ts_ms, kind, ref, stored_ms)
  SELECT k, $1, n, a, t, am, ts, kd, r, $2
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::bigint[], $9::text[], $10::text[])
    AS e (k, n, a, t, am, ts, kd, r)
  ON CONFLICT (key) DO NOTHING`;
const SAVE_SUCCESS = `
  INSERT INTO reward_sync (source, account, cursor, interval_ms, last_attempt_ms, last_success_ms)
  VALUES ($1, $2, $3, $4, $5, $5)
  ON CONFLICT (source, account) DO UPDATE SET cursor = coalesce(excluded.cursor, reward_sync.cursor),
    interval_ms = excluded.interval_ms, last_attempt_ms = excluded.last_attempt_ms,
    last_success_ms = excluded.last_success_ms, consecutive_failures = 0`;
const SAVE_FAILURE = `
  INSERT INTO reward_sync (source, account, interval_ms, last_attempt_ms, last_failure_ms, last_error,
                           consecutive_failures)
  VALUES ($1, $2, $3, $4, $4, $5, 1)
  ON CONFLICT (source, account) DO UPDATE SET interval_ms = excluded.interval_ms,
    last_attempt_ms = excluded.last_attempt_ms, last_failure_ms = excluded.last_failure_ms,
    last_error = excluded.last_error, consecutive_failures = reward_sync.consecutive_failures + 1`;
const SYNC_COLUMNS = `source, account, cursor, interval_ms, last_attempt_ms, last_success_ms,
  last_failure_ms, last_error, consecutive_failures`;
// hour_ms of an event: ts_ms rounded down to the hour, as in SQLite (events are after 1970).
const EVENT_HOUR = `e.ts_ms - (e.ts_ms % ${HOUR_MS})`;
const UNPRICED = `
  SELECT DISTINCT e.token COLLATE "C" AS token, ${EVENT_HOUR} AS hour_ms FROM reward_events e
  WHERE NOT EXISTS (SELECT 1 FROM price_points p WHERE p.token = e.token AND p.currency = $1
                    AND p.hour_ms = ${EVENT_HOUR})
  ORDER BY hour_ms, token`;
const UPSERT_PRICES = `
  INSERT INTO price_points (token, currency, hour_ms, price, ts_ms, provider)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[])
  ON CONFLICT (token, currency, hour_ms) DO UPDATE SET price = excluded.price, ts_ms = excluded.ts_ms,
    provider = excluded.provider`;

function eventQuery(filter: RewardEventFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [filter.currency ?? 'usd'];
  const where: string[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  if (filter.account !== undefined) where.push(`e.account = ${param(filter.account)}`);
  if (filter.network !== undefined) {
    const p = param(filter.network);
    where.push(`(e.network = ${p} OR e.source = ${p})`);
  }
  if (filter.device !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM reward_account_devices d WHERE d.device_id = ${param(filter.device)}
      AND d.source = e.source AND d.account = e.account)`);
  }
  if (filter.fromMs !== undefined) where.push(`e.ts_ms >= ${param(filter.fromMs)}`);
  if (filter.toMs !== undefined) where.push(`e.ts_ms < ${param(filter.toMs)}`);
  const limit = param(filter.limit ?? 10_000);
  return {
    text: `
      SELECT e.key, e.source, e.network, e.account, e.token, e.amount::text AS amount, e.ts_ms, e.kind, e.ref,
             p.price
      FROM reward_events e LEFT JOIN price_points p ON p.token = e.token AND p.currency = $1
        AND p.hour_ms = ${EVENT_HOUR}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.ts_ms, e.key COLLATE "C" LIMIT ${limit}`,
    values,
  };
}

type EarningsRewardRow = [string, string, string, string, string, number, string | null];

/** Earnings' read: kind `reward` only, no page limit, rows as arrays (no per-row object from pg). */
function earningsRewardQuery(filter: EarningsRewardFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [filter.currency, filter.fromMs, filter.toMs];
  const linked =
    filter.device === undefined
      ? ''
      : `AND EXISTS (SELECT 1 FROM reward_account_devices d WHERE d.device_id = $${values.push(filter.device)}
          AND d.source = e.source AND d.account = e.account)`;
  return {
    text: `
      SELECT e.source, e.network, e.account, e.token, e.amount::text, e.ts_ms, p.price
      FROM reward_events e LEFT JOIN price_points p ON p.token = e.token AND p.currency = $1
        AND p.hour_ms = ${EVENT_HOUR}
      WHERE e.kind = 'reward' AND e.ts_ms >= $2 AND e.ts_ms < $3 ${linked}
      ORDER BY e.ts_ms, e.key COLLATE "C"`,
    values,
  };
}

/** Accounts, reward events, sync cursors and hourly prices in PostgreSQL; amounts are exact NUMERIC. */
export function postgresRewardStore(pool: pg.Pool): RewardStore {
  return {
    async addRewardAccount(a, now) {
      const options = a.options ? JSON.stringify(a.options) : null;
      await pool.query(ADD_ACCOUNT, [a.source, a.account, a.label ?? null, options, now]);
    },
    async linkRewardAccountDevice(source, account, deviceId) {
      const result = await pool.query(
        'INSERT INTO reward_account_devices (source, account, device_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [source, account, deviceId],
      );
      return result.rowCount === 1;
    },
    async unlinkRewardAccountDevice(source, account, deviceId) {
      const result = await pool.query(
        'DELETE FROM reward_account_devices WHERE source = $1 AND account = $2 AND device_id = $3',
        [source, account, deviceId],
      );
      return result.rowCount === 1;
    },
    async listRewardAccounts() {
      const [accounts, links] = await Promise.all([
        pool.query<RewardAccountRow>(
          'SELECT source, account, label, options_json FROM reward_accounts ORDER BY source COLLATE "C", account COLLATE "C"',
        ),
        pool.query<RewardAccountLinkRow>(
          'SELECT source, account, device_id FROM reward_account_devices ORDER BY device_id COLLATE "C"',
        ),
      ]);
      return toRewardAccounts(accounts.rows, links.rows);
    },
    saveRewardBatch(source, account, events, cursor, mark) {
      return inTransaction(pool, async (client) => {
        const column = <T>(pick: (e: RewardEvent) => T) => events.map(pick);
        const { rowCount } = await client.query(INSERT_EVENTS, [
          source,
          mark.nowMs,
          column((e) => e.key),
          column((e) => e.network),
          column((e) => e.account),
          column((e) => e.token),
          column((e) => e.amount),
          column((e) => e.ts),
          column((e) => e.kind),
          column((e) => e.ref),
        ]);
        await client.query(SAVE_SUCCESS, [source, account, cursor, mark.intervalMs, mark.nowMs]);
        const inserted = rowCount ?? 0;
        return { inserted, duplicates: events.length - inserted };
      });
    },
    async recordSyncFailure(source, account, error, mark) {
      await pool.query(SAVE_FAILURE, [source, account, mark.intervalMs, mark.nowMs, error]);
    },
    async getSyncState(source, account) {
      const { rows } = await pool.query<SyncState>(
        `SELECT ${SYNC_COLUMNS} FROM reward_sync WHERE source = $1 AND account = $2`,
        [source, account],
      );
      return rows[0] ?? null;
    },
    async listSyncStates() {
      const { rows } = await pool.query<SyncState>(
        `SELECT ${SYNC_COLUMNS} FROM reward_sync ORDER BY source COLLATE "C", account COLLATE "C"`,
      );
      return rows;
    },
    async listRewardEvents(filter = {}) {
      const { text, values } = eventQuery(filter);
      const { rows } = await pool.query<RewardEventRow>(text, values);
      return rows.map(toStoredRewardEvent);
    },
    async listEarningsRewards(filter) {
      const { text, values } = earningsRewardQuery(filter);
      const { rows } = await pool.query<EarningsRewardRow>({ text, values, rowMode: 'array' });
      return rows.map(([source, network, account, token, amount, ts, price]) => ({
        source,
        network,
        account,
        token,
        amount,
        ts,
        price,
      }));
    },
    async upsertPrices(points) {
      if (points.length === 0) return 0;
      // One statement may upsert a row once: of two points in the same hour, the later one in the list wins.
      const byHour = new Map(points.map((p) => [`${p.token}\u0000${p.currency}\u0000${hourOf(p.ts)}`, p]));
      const rows = [...byHour.values()];
      await pool.query(UPSERT_PRICES, [
        rows.map((p) => p.token),
        rows.map((p) => p.currency),
        rows.map((p) => hourOf(p.ts)),
        rows.map((p) => p.price),
        rows.map((p) => p.ts),
        rows.map((p) => p.source),
      ]);
      return points.length;
    },
    async unpricedEventHours(currency) {
      const { rows } = await pool.query<{ token: string; hour_ms: number }>(UNPRICED, [currency]);
      return rows;
    },
    async getPrice(token, currency, hourMs) {
      const { rows } = await pool.query<{ price: string }>(
        'SELECT price FROM price_points WHERE token = $1 AND currency = $2 AND hour_ms = $3',
        [token, currency, hourMs],
      );
      return rows[0]?.price ?? null;
    },
    async rewardTokens() {
      const { rows } = await pool.query<{ token: string }>(
        'SELECT DISTINCT token COLLATE "C" AS token FROM reward_events ORDER BY 1',
      );
      return rows.map((row) => row.token);
    },
  };
}
