import type { Sample } from '@nodetally/shared';
import type { AccountLink, DeviceActivity } from '../earnings/attribution.js';
import type { Calendar } from '../earnings/calendar.js';
import type { EnergyReading } from '../earnings/energy.js';
import { indexPrices, type RewardInput, type ValuedReward, valueRewards } from '../earnings/valuation.js';
import type { PricePoint } from '../prices/types.js';
import { HOUR_MS, hourOf, type StoredRewardEvent } from '../store/reward-types.js';
import type { Store } from '../store/types.js';
import { addRollupActivity, rollupReadings } from './rollup-telemetry.js';
import type { EarningsPlan } from './settings.js';
import { type ActivityAcc, addSampleActivity, energyReadings, finishActivity } from './telemetry.js';
import { yieldToEventLoop } from './yield.js';

/** The only I/O of earnings: what the engine needs for some devices over a calendar, read from the store. */
export interface EarningsInputs {
  cal: Calendar;
  readings: Map<string, EnergyReading[]>;
  activity: Map<string, Map<string, DeviceActivity>>;
  rewards: ValuedReward[];
  links: AccountLink[];
  /** Per device: its linked accounts' network (source's network) and last payout before now. */
  payouts: Map<string, { network: string; account: string; lastPayoutTs: number | null }[]>;
}

const PAGE = 10_000;
/** Devices whose hour rollups are read at once. */
const ROLLUP_CHUNK = 64;
/** Samples read beyond the calendar on both sides, so its first and last intervals are bounded. */
const MARGIN_MS = 15 * 60_000;
/** How far back a missing spot price is looked for. */
const SPOT_HOURS = 24;
/** How far back the last payout of an account is looked for (late-payout flag). */
const PAYOUT_LOOKBACK_MS = 60 * 86_400_000;

async function allSamples(store: Store, device: string, fromMs: number, toMs: number): Promise<Sample[]> {
  const out: Sample[] = [];
  let from = fromMs;
  const seen = new Set<number>();
  for (;;) {
    const page = await store.listSamples(device, from, toMs, PAGE);
    for (const s of page) if (!seen.has(s.seq)) out.push(s);
    const last = page[page.length - 1];
    if (page.length < PAGE || !last) return out;
    // Resume at the last timestamp (samples sharing it are skipped by seq), so none is lost.
    seen.clear();
    for (const s of page) if (s.ts === last.ts) seen.add(s.seq);
    if (last.ts === from && seen.size >= PAGE)
      throw new RangeError(`${device}: over ${PAGE} samples at one ms`);
    from = last.ts;
  }
}

async function allEvents(store: Store, fromMs: number, toMs: number, currency: string, device?: string) {
  const out: StoredRewardEvent[] = [];
  const seen = new Set<string>();
  let from = fromMs;
  for (;;) {
    const page = await store.listRewardEvents({
      fromMs: from,
      toMs,
      currency,
      limit: PAGE,
      ...(device !== undefined ? { device } : {}),
    });
    for (const e of page) if (!seen.has(e.key)) out.push(e);
    const last = page[page.length - 1];
    if (page.length < PAGE || !last) return out;
    for (const e of page) seen.add(e.key);
    from = last.ts;
  }
}

/** Today's price per token: the current hour's stored price, else the newest of the last 24 hours. */
async function spotPrices(store: Store, tokens: Iterable<string>, currency: string, nowMs: number) {
  const spot = new Map<string, string>();
  for (const token of tokens) {
    for (let h = 0; h < SPOT_HOURS; h++) {
      const price = await store.getPrice(token, currency, hourOf(nowMs) - h * HOUR_MS);
      if (price !== null) {
        spot.set(token, price);
        break;
      }
    }
  }
  return spot;
}

/** Network of a source id: `solana-spl/render` → render, `helium` → helium. */
const networkOf = (source: string) => source.slice(source.lastIndexOf('/') + 1);

/**
 * Reads samples, accounts, reward events (kind `reward` only: transfers and claims are not earnings)
 * with their own-hour prices, and spot prices; devices = those to compute (null: every device known
 * to the store or linked to an account). Devices that share an account with them are read too, since
 * an uptime-, GPU- or bandwidth-weighted split needs their activity.
 */
export async function loadInputs(
  store: Store,
  plan: EarningsPlan,
  cal: Calendar,
  devices: readonly string[] | null,
  nowMs: number,
): Promise<{ inputs: EarningsInputs; devices: string[] }> {
  const accounts = await store.listRewardAccounts();
  const wanted = devices
    ? [...devices]
    : [
        ...new Set([
          ...(await store.listDevices()).map((d) => d.device_id),
          ...accounts.flatMap((a) => a.devices),
        ]),
      ];
  const linked = devices ? accounts.filter((a) => a.devices.some((d) => devices.includes(d))) : accounts;
  const events =
    devices && devices.length === 1
      ? await allEvents(store, cal.startMs, cal.endMs, plan.currency, devices[0])
      : await allEvents(store, cal.startMs, cal.endMs, plan.currency);
  const rewardEvents = events.filter((e) => e.kind === 'reward');
  const accountOf = new Map(linked.map((a) => [`${a.source}\u0000${a.account}`, a]));
  const links = new Map<string, AccountLink>();
  const points: PricePoint[] = [];
  const rewards: RewardInput[] = [];
  for (const e of rewardEvents) {
    rewards.push({ network: e.network, account: e.account, token: e.token, amount: e.amount, ts: e.ts });
    if (e.price !== null)
      points.push({ token: e.token, currency: plan.currency, ts: e.ts, price: e.price, source: 'store' });
    const a = accountOf.get(`${e.source}\u0000${e.account}`);
    const key = `${e.network}\u0000${e.account}`;
    if (a && !links.has(key)) {
      links.set(key, {
        network: e.network,
        account: e.account,
        devices: a.devices,
        rule: plan.splitOf(e.network, e.account),
      });
    }
  }
  const spot = await spotPrices(store, new Set(rewardEvents.map((e) => e.token)), plan.currency, nowMs);
  const valued = valueRewards(rewards, indexPrices(points, plan.currency), spot);
  const needActivity = new Set([
    ...wanted,
    ...[...links.values()].flatMap((l) =>
      l.rule.kind === 'equal' || l.rule.kind === 'weights' ? [] : l.devices,
    ),
  ]);
  const readings = new Map<string, EnergyReading[]>();
  const activity = new Map<string, Map<string, DeviceActivity>>();
  const wantedSet = new Set(wanted);
  // Hour rollups first; raw samples only after the last rolled hour (the current hour, or a device
  // whose rollups have not run yet), so the two never count the same time.
  // By id, in chunks: per-device primary-key range reads were 2–3× faster in SQLite than the
  // whole-fleet query (which sorts the range), and each chunk's rows are turned into readings and
  // activity and dropped before the next is read, so a fleet's hour rows never sit in memory at once.
  const ids = [...needActivity];
  for (let k = 0; k < ids.length; k += ROLLUP_CHUNK) {
    const chunk = ids.slice(k, k + ROLLUP_CHUNK);
    if (k > 0) await yieldToEventLoop();
    const rollups = await store.listHourRollupsForDevices(chunk, hourOf(cal.startMs), cal.endMs);
    for (const device of chunk) {
      const rows = rollups.get(device) ?? [];
      const acc: ActivityAcc = new Map();
      addRollupActivity(cal, acc, rows);
      const lastRow = rows[rows.length - 1];
      const rawFrom = lastRow ? lastRow.hour_ms + HOUR_MS : cal.startMs;
      const samples =
        rawFrom < cal.endMs
          ? await allSamples(store, device, rawFrom - MARGIN_MS, cal.endMs + MARGIN_MS)
          : [];
      addSampleActivity(cal, acc, samples, rawFrom);
      activity.set(device, finishActivity(cal, acc));
      if (wantedSet.has(device)) {
        const raw = energyReadings(lastRow ? samples.filter((x) => x.ts >= rawFrom) : samples);
        readings.set(device, raw.length === 0 ? rollupReadings(rows) : rollupReadings(rows).concat(raw));
      }
    }
  }
  const payouts = new Map<string, EarningsInputs['payouts'] extends Map<string, infer V> ? V : never>();
  // Only for a device report: the late-payout flag is not part of the fleet summary or the CSV.
  for (const device of devices ? wanted : []) {
    const list = [];
    for (const a of accounts.filter((x) => x.devices.includes(device))) {
      const recent = await store.listRewardEvents({
        account: a.account,
        network: a.source,
        fromMs: nowMs - PAYOUT_LOOKBACK_MS,
        toMs: nowMs + 1,
        limit: PAGE,
      });
      const paid = recent.filter((e) => e.source === a.source && e.kind === 'reward');
      const last = paid[paid.length - 1];
      list.push({
        network: last?.network ?? networkOf(a.source),
        account: a.account,
        lastPayoutTs: last?.ts ?? null,
      });
    }
    payouts.set(device, list);
  }
  return {
    inputs: { cal, readings, activity, rewards: valued, links: [...links.values()], payouts },
    devices: wanted.sort(),
  };
}
