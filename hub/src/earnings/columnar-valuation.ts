import { type TokenInfo, Tokens } from '@nodetally/shared';
import { type ParsedPrice, parsePrice, safeAmount, valueMicrosSafe } from './safe-int.js';
import { type PriceIndex, priceAt, type RewardInput } from './valuation.js';

/** Rewards, groups or devices handled between two pauses of a stepped phase. */
export const STEP = 50_000;

/** Runs a stepped phase to its end without pausing. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Rewards valued as columns: index i is rewards[i]. Money in safe-integer micro-units; NaN = null. */
export interface ValuedColumns {
  amount: Float64Array;
  valueMicros: Float64Array;
  valueNowMicros: Float64Array;
}

/**
 * `valueRewards` without an object per reward: the same price lookup (`priceAt`, own UTC hour,
 * nearest point), each distinct price string parsed once, and `valueMicrosSafe` (float64 where the
 * numerator provably stays below 2^53, BigInt otherwise), so every value equals `valueMicros`'s.
 * Rewards of one token in one hour share the lookup. Throws `UnsafeIntegerError` for an amount or a
 * value beyond 2^53 (the caller falls back to the exact engine). A generator: it pauses after every
 * `STEP` rewards (`drain` runs it through).
 */
export function* valueSteps(
  rewards: readonly RewardInput[],
  index: PriceIndex,
  spot: ReadonlyMap<string, string> = new Map(),
): Generator<void, ValuedColumns> {
  const n = rewards.length;
  const out: ValuedColumns = {
    amount: new Float64Array(n),
    valueMicros: new Float64Array(n),
    valueNowMicros: new Float64Array(n),
  };
  const tokens = new Map<string, TokenInfo | null>();
  const spotOf = new Map<string, ParsedPrice | undefined>();
  // Per token: the price of each hour that has one point or none (null), found once.
  const hourPrices = new Map<string, Map<number, ParsedPrice | null>>();
  for (let i = 0; i < n; i++) {
    if (i % STEP === STEP - 1) yield;
    const r = rewards[i] as RewardInput;
    const amount = safeAmount(r.amount);
    out.amount[i] = amount;
    let token = tokens.get(r.token);
    if (token === undefined) {
      token = Tokens.get(r.token) ?? null;
      tokens.set(r.token, token);
    }
    if (token === null) {
      out.valueMicros[i] = Number.NaN;
      out.valueNowMicros[i] = Number.NaN;
      continue;
    }
    // One price point in the hour (the usual case) or none: every reward of that token and hour shares it.
    const hour = Math.floor(r.ts / 3_600_000);
    let then: ParsedPrice | undefined;
    let cached = hourPrices.get(r.token);
    if (!cached) {
      cached = new Map();
      hourPrices.set(r.token, cached);
    }
    const known = cached.get(hour);
    if (known !== undefined) then = known ?? undefined;
    else {
      const text = priceAt(index, r.token, r.ts);
      then = text === undefined ? undefined : parsePrice(text);
      const single =
        (index.currency === 'usd' && token.usdPeg !== undefined) ||
        (index.byHour.get(r.token)?.get(hour)?.length ?? 0) <= 1;
      // With two or more points in the hour the nearest depends on the reward's own ts.
      if (single) cached.set(hour, then ?? null);
    }
    let now = spotOf.get(r.token);
    if (!spotOf.has(r.token)) {
      const text = (index.currency === 'usd' ? token.usdPeg : undefined) ?? spot.get(r.token);
      now = text === undefined ? undefined : parsePrice(text);
      spotOf.set(r.token, now);
    }
    out.valueMicros[i] = then === undefined ? Number.NaN : valueMicrosSafe(amount, token.decimals, then);
    out.valueNowMicros[i] = now === undefined ? Number.NaN : valueMicrosSafe(amount, token.decimals, now);
  }
  return out;
}
