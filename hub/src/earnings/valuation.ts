import { Tokens } from '@nodetally/shared';
import { valueMicros } from '../prices/decimal.js';
import type { PricePoint } from '../prices/types.js';
import { HOUR_MS } from './zone.js';

/** A reward as the earnings engine needs it (a subset of rewards' RewardEvent). */
export interface RewardInput {
  network: string;
  account: string;
  token: string;
  /** Signed integer string in the token's base units. */
  amount: string;
  ts: number;
}

export interface ValuedReward extends RewardInput {
  /** Micro-units at the price of the reward's own UTC hour; null when that hour has no price. */
  valueMicros: bigint | null;
  /** Micro-units at today's (spot) price, for comparison; null without a spot price. */
  valueNowMicros: bigint | null;
}

/** Price points of one currency indexed by token and UTC hour (floor(ts / 1 h)). */
export interface PriceIndex {
  currency: string;
  byHour: Map<string, Map<number, PricePoint[]>>;
}

export function indexPrices(points: readonly PricePoint[], currency = 'usd'): PriceIndex {
  const byHour = new Map<string, Map<number, PricePoint[]>>();
  for (const p of points) {
    if (p.currency !== currency) continue;
    let hours = byHour.get(p.token);
    if (!hours) {
      hours = new Map();
      byHour.set(p.token, hours);
    }
    const h = Math.floor(p.ts / HOUR_MS);
    const list = hours.get(h);
    if (list) list.push(p);
    else hours.set(h, [p]);
  }
  return { currency, byHour };
}

/**
 * The price of `token` in the UTC hour holding `ts`: of that hour's points, the one nearest `ts`
 * (the earlier on a tie). A pegged token (registry `usdPeg`) is its peg in usd. Undefined when the
 * hour has no point: the value is then unknown, never 0 and never borrowed from another hour.
 */
export function priceAt(index: PriceIndex, token: string, ts: number): string | undefined {
  const peg = Tokens.get(token)?.usdPeg;
  if (peg !== undefined && index.currency === 'usd') return peg;
  const list = index.byHour.get(token)?.get(Math.floor(ts / HOUR_MS));
  if (!list) return undefined;
  let best: PricePoint | undefined;
  for (const p of list) {
    const d = Math.abs(p.ts - ts);
    const bd = best ? Math.abs(best.ts - ts) : Number.POSITIVE_INFINITY;
    if (d < bd || (d === bd && best && p.ts < best.ts)) best = p;
  }
  return best?.price;
}

/**
 * Values each reward at its own hour's price and at the spot price (`spot`: token → exact decimal
 * string in the index's currency). A token missing from the registry has no decimals, so both values
 * are unknown.
 */
export function valueRewards(
  rewards: readonly RewardInput[],
  index: PriceIndex,
  spot: ReadonlyMap<string, string> = new Map(),
): ValuedReward[] {
  return rewards.map((r) => {
    const token = Tokens.get(r.token);
    if (!token) return { ...r, valueMicros: null, valueNowMicros: null };
    const then = priceAt(index, r.token, r.ts);
    const peg = index.currency === 'usd' ? token.usdPeg : undefined;
    const now = peg ?? spot.get(r.token);
    return {
      ...r,
      valueMicros: then === undefined ? null : valueMicros(r.amount, token.decimals, then),
      valueNowMicros: now === undefined ? null : valueMicros(r.amount, token.decimals, now),
    };
  });
}
