import type Database from 'better-sqlite3';
import { type EarningsReward, type EarningsRewardFilter, HOUR_MS } from '../reward-types.js';

type EventRow = [
  source: string,
  network: string,
  account: string,
  token: string,
  amount: string,
  ts: number,
  key: string,
];

const EVENTS = `SELECT e.source, e.network, e.account, e.token, e.amount, e.ts_ms, e.key FROM reward_events e
  WHERE e.kind = 'reward' AND e.ts_ms >= @from AND e.ts_ms < @to`;
const LINKED = `AND EXISTS (SELECT 1 FROM reward_account_devices d WHERE d.device_id = @device
  AND d.source = e.source AND d.account = e.account)`;
// The time index gives this order without a sort; events sharing a ms are put in key order in JS.
const ORDER = 'ORDER BY e.ts_ms';

/** Sorts out[from, from + keys.length) by key (keys[i] is out[from + i]'s key) when not already sorted. */
function orderTies(out: EarningsReward[], from: number, keys: string[]): void {
  if (keys.every((k, i) => i === 0 || (keys[i - 1] as string) <= k)) return;
  const idx = keys.map((_, i) => i).sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
  const run = idx.map((i) => out[from + i] as EarningsReward);
  for (let i = 0; i < run.length; i++) out[from + i] = run[i] as EarningsReward;
}

/**
 * Earnings' reward read: one statement in raw (array) mode, streamed, no page limit, no join, no
 * sort. Each token's prices over the range are read once (a primary-key range) and looked up per
 * event by its hour, which is what the join of `listRewardEvents` did row by row. Repeated strings
 * (source, network, account, token) are shared, so the result holds one copy of each.
 */
export function sqliteEarningsRewards(db: Database.Database) {
  const all = db.prepare(`${EVENTS} ${ORDER}`).raw(true);
  const ofDevice = db.prepare(`${EVENTS} ${LINKED} ${ORDER}`).raw(true);
  const prices = db
    .prepare(
      'SELECT hour_ms, price FROM price_points WHERE token = ? AND currency = ? AND hour_ms >= ? AND hour_ms < ?',
    )
    .raw(true);

  return function listEarningsRewards(filter: EarningsRewardFilter): EarningsReward[] {
    const { fromMs, toMs, currency, device } = filter;
    const rows =
      device === undefined
        ? all.iterate({ from: fromMs, to: toMs })
        : ofDevice.iterate({ from: fromMs, to: toMs, device });
    // Each token's prices over the range, read when the token first shows.
    const byToken = new Map<string, Map<number, string>>();
    const pricesOf = (token: string) => {
      const hours = new Map(
        prices.all(token, currency, fromMs - (fromMs % HOUR_MS), toMs) as [number, string][],
      );
      byToken.set(token, hours);
      return hours;
    };
    const strings = new Map<string, string>();
    const shared = (s: string) => {
      const c = strings.get(s);
      if (c !== undefined) return c;
      strings.set(s, s);
      return s;
    };
    const out: EarningsReward[] = [];
    let runFrom = 0;
    let runKeys: string[] = [];
    for (const row of rows as IterableIterator<EventRow>) {
      const [source, network, account, token, amount, ts, key] = row;
      // The SQL hour of an event (ts − ts mod 1 h), so the lookup matches the join exactly.
      const price = (byToken.get(token) ?? pricesOf(token)).get(ts - (ts % HOUR_MS)) ?? null;
      if (out.length > 0 && (out[out.length - 1] as EarningsReward).ts === ts) runKeys.push(key);
      else {
        if (runKeys.length > 1) orderTies(out, runFrom, runKeys);
        runFrom = out.length;
        runKeys = [key];
      }
      out.push({
        source: shared(source),
        network: shared(network),
        account: shared(account),
        token: shared(token),
        amount,
        ts,
        price,
      });
    }
    if (runKeys.length > 1) orderTies(out, runFrom, runKeys);
    return out;
  };
}
