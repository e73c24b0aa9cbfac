import type { AccountLink } from '../earnings/attribution.js';
import type { Calendar } from '../earnings/calendar.js';
import { planTariff, type TariffPlan } from '../earnings/tariff.js';
import { indexPrices, type PriceIndex, type RewardInput } from '../earnings/valuation.js';
import type { PricePoint } from '../prices/types.js';
import { type EarningsReward, HOUR_MS, hourOf } from '../store/reward-types.js';
import type { Store } from '../store/types.js';
import { type DeviceTelemetry, readTelemetry } from './device-inputs.js';
import type { EarningsPlan } from './settings.js';

/** The only I/O of earnings: what the engine needs for some devices over a calendar, read from the store. */
export interface EarningsInputs {
  cal: Calendar;
  tariff: TariffPlan;
  /** Per device read: its energy (devices to compute) and activity, in the form `mode` asked for. */
  telemetry: Map<string, DeviceTelemetry>;
  /** Reward events of kind `reward`, unvalued; `prices` holds their own-hour prices, `spot` today's. */
  rewards: RewardInput[];
  prices: PriceIndex;
  spot: Map<string, string>;
  links: AccountLink[];
  /** Per device: its linked accounts' network (source's network) and last payout before now. */
  payouts: Map<string, { network: string; account: string; lastPayoutTs: number | null }[]>;
}

const PAGE = 10_000;
/** How far back a missing spot price is looked for. */
const SPOT_HOURS = 24;
/** How far back the last payout of an account is looked for (late-payout flag). */
const PAYOUT_LOOKBACK_MS = 60 * 86_400_000;

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

/**
 * The events' own-hour prices as price points. The store gives every event of a token and hour that
 * hour's price, so one point carries it (a point per event would make every lookup scan the hour's
 * events); an hour whose events disagree keeps a point per event, as before, so the nearest-point
 * rule gives each event its own price.
 */
function pricePoints(events: readonly EarningsReward[], currency: string): PricePoint[] {
  // token → hour → the first price seen, or null once two differ.
  const hours = new Map<string, Map<number, string | null>>();
  for (const e of events) {
    if (e.price === null) continue;
    let byHour = hours.get(e.token);
    if (!byHour) {
      byHour = new Map();
      hours.set(e.token, byHour);
    }
    const h = hourOf(e.ts);
    const p = byHour.get(h);
    if (p === undefined) byHour.set(h, e.price);
    else if (p !== null && p !== e.price) byHour.set(h, null);
  }
  const points: PricePoint[] = [];
  for (const e of events) {
    if (e.price === null) continue;
    const byHour = hours.get(e.token) as Map<number, string | null>;
    const h = hourOf(e.ts);
    const p = byHour.get(h);
    if (p === null) points.push({ token: e.token, currency, ts: e.ts, price: e.price, source: 'store' });
    else if (p !== undefined) {
      points.push({ token: e.token, currency, ts: e.ts, price: p, source: 'store' });
      byHour.delete(h); // one point for the hour
    }
  }
  return points;
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
  mode: 'columnar' | 'exact' = 'columnar',
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
  // One read of kind `reward` events (transfers and claims are not earnings), no pagination.
  const rewardEvents = await store.listEarningsRewards({
    fromMs: cal.startMs,
    toMs: cal.endMs,
    currency: plan.currency,
    ...(devices && devices.length === 1 ? { device: devices[0] as string } : {}),
  });
  // source → account → linked account; network → account → link (no per-event key strings).
  const accountOf = new Map<string, Map<string, (typeof linked)[number]>>();
  for (const a of linked) {
    let bySource = accountOf.get(a.source);
    if (!bySource) {
      bySource = new Map();
      accountOf.set(a.source, bySource);
    }
    bySource.set(a.account, a);
  }
  const links = new Map<string, Map<string, AccountLink>>();
  const linkList: AccountLink[] = []; // in order of first event, as before
  const points = pricePoints(rewardEvents, plan.currency);
  const rewards: RewardInput[] = new Array(rewardEvents.length);
  for (let i = 0; i < rewardEvents.length; i++) {
    const e = rewardEvents[i] as EarningsReward;
    rewards[i] = { network: e.network, account: e.account, token: e.token, amount: e.amount, ts: e.ts };
    let byNetwork = links.get(e.network);
    if (byNetwork?.has(e.account)) continue;
    const a = accountOf.get(e.source)?.get(e.account);
    if (!a) continue;
    if (!byNetwork) {
      byNetwork = new Map();
      links.set(e.network, byNetwork);
    }
    const link = {
      network: e.network,
      account: e.account,
      devices: a.devices,
      rule: plan.splitOf(e.network, e.account),
    };
    byNetwork.set(e.account, link);
    linkList.push(link);
  }
  const spot = await spotPrices(store, new Set(rewardEvents.map((e) => e.token)), plan.currency, nowMs);
  const needActivity = new Set([
    ...wanted,
    ...linkList.flatMap((l) => (l.rule.kind === 'equal' || l.rule.kind === 'weights' ? [] : l.devices)),
  ]);
  const tariff = planTariff(cal, plan.tariffs);
  const telemetry = await readTelemetry(store, cal, tariff, [...needActivity], new Set(wanted), mode);
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
    inputs: {
      cal,
      tariff,
      telemetry,
      rewards,
      prices: indexPrices(points, plan.currency),
      spot,
      links: linkList,
      payouts,
    },
    devices: wanted.sort(),
  };
}
