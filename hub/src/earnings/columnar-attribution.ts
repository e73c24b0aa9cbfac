import type { AccountLink, Unattributed } from './attribution.js';
import { type Calendar, dayIndexOf } from './calendar.js';
import { splitGroups } from './columnar-split.js';
import { STEP, type ValuedColumns } from './columnar-valuation.js';
import { UnsafeIntegerError } from './safe-int.js';
import type { RewardInput } from './valuation.js';

/** A device's activity per calendar day, rounded as the exact engine's `DeviceActivity` (present = has a row). */
export interface DayActivity {
  uptimeS: Float64Array;
  gpuBusyS: Float64Array;
  bytes: Float64Array;
  present: Uint8Array;
}

/** Attributed parts as columns: entry j went to device `deviceIds[device[j]]` on day `day[j]`. */
export interface ShareColumns {
  count: number;
  deviceIds: string[];
  /** (network, token) of each `key` index. */
  tokenKeys: { network: string; token: string }[];
  device: Int32Array;
  day: Int32Array;
  key: Int32Array;
  amount: Float64Array;
  valueMicros: Float64Array;
  unpricedAmount: Float64Array;
  valueNowMicros: Float64Array;
}

const MAX = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number) => {
  const s = a + b;
  if (s > MAX || s < -MAX) throw new UnsafeIntegerError('a reward group sum is beyond 2^53');
  return s;
};

/**
 * `attribute` on columns, with the same groups (network, account, token, local day), the same
 * largest-remainder splits (`splitSafe`), the same device order and the same unattributed rows, so
 * every part equals the exact engine's. One group is one account-day's token: its weights are
 * computed once for its five amounts. A generator: it pauses every `STEP` rewards, then every
 * `STEP / 4` groups (`drain` runs it through).
 */
export function* attributeSteps(
  cal: Calendar,
  rewards: readonly RewardInput[],
  valued: ValuedColumns,
  links: readonly AccountLink[],
  activityOf: (device: string) => DayActivity | undefined,
): Generator<void, { shares: ShareColumns; unattributed: Unattributed[] }> {
  const linkOf = new Map<string, Map<string, AccountLink>>();
  for (const l of links) {
    const m = linkOf.get(l.network) ?? new Map<string, AccountLink>();
    m.set(l.account, l); // the last link of an account wins, as in `attribute`
    linkOf.set(l.network, m);
  }
  // (network, account, token) → its groups by day index + 1 (-1: none yet).
  const accounts = new Map<string, Map<string, Map<string, Int32Array>>>();
  const days = cal.days.length;
  const gFirst: number[] = [];
  const gDay: number[] = [];
  const sums: number[] = []; // 5 per group: amount, value, unpriced, valueNow, unpricedNow
  for (let i = 0; i < rewards.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const r = rewards[i] as RewardInput;
    let byAccount = accounts.get(r.network);
    if (!byAccount) {
      byAccount = new Map();
      accounts.set(r.network, byAccount);
    }
    let byToken = byAccount.get(r.account);
    if (!byToken) {
      byToken = new Map();
      byAccount.set(r.account, byToken);
    }
    let byDay = byToken.get(r.token);
    if (!byDay) {
      byDay = new Int32Array(days + 1).fill(-1);
      byToken.set(r.token, byDay);
    }
    const day = dayIndexOf(cal, r.ts);
    let g = byDay[day + 1] as number;
    if (g < 0) {
      g = gFirst.length;
      byDay[day + 1] = g;
      gFirst.push(i);
      gDay.push(day);
      sums.push(0, 0, 0, 0, 0);
    }
    const amount = valued.amount[i] as number;
    const v = valued.valueMicros[i] as number;
    const now = valued.valueNowMicros[i] as number;
    const o = g * 5;
    sums[o] = add(sums[o] as number, amount);
    if (Number.isNaN(v)) sums[o + 2] = add(sums[o + 2] as number, amount);
    else sums[o + 1] = add(sums[o + 1] as number, v);
    if (Number.isNaN(now)) sums[o + 4] = add(sums[o + 4] as number, amount);
    else sums[o + 3] = add(sums[o + 3] as number, now);
  }
  return yield* splitGroups(cal, rewards, linkOf, { gFirst, gDay, sums }, activityOf);
}
