import type { AccountLink, Unattributed, UnattributedReason } from './attribution.js';
import type { Calendar } from './calendar.js';
import type { DayActivity, ShareColumns } from './columnar-attribution.js';
import { STEP } from './columnar-valuation.js';
import { safe, splitSafe } from './safe-int.js';
import type { RewardInput } from './valuation.js';

/** The weight of one device on one day under a split rule (as `attribute` weighs it). */
function weightOf(link: AccountLink, device: string, a: DayActivity | undefined, day: number): number {
  const rule = link.rule;
  switch (rule.kind) {
    case 'weights': {
      const w = rule.weights[device] ?? 0;
      if (!Number.isSafeInteger(w) || w < 0)
        throw new RangeError(`weight of ${device} must be an integer ≥ 0`);
      return w;
    }
    case 'equal':
      return 1;
    case 'uptime':
      return a?.present[day] ? Math.max(0, Math.round(a.uptimeS[day] as number)) : 0;
    case 'gpu-busy':
      return a?.present[day] ? Math.max(0, Math.round(a.gpuBusyS[day] as number)) : 0;
    case 'bandwidth':
      return a?.present[day] ? safe(Math.max(0, Math.round(a.bytes[day] as number))) : 0;
  }
}

function unattributedRow(
  r: RewardInput,
  sums: readonly number[],
  o: number,
  day: string | null,
  reason: UnattributedReason,
): Unattributed {
  return {
    account: r.account,
    network: r.network,
    token: r.token,
    amount: BigInt(sums[o] as number),
    valueMicros: BigInt(sums[o + 1] as number),
    unpricedAmount: BigInt(sums[o + 2] as number),
    valueNowMicros: BigInt(sums[o + 3] as number),
    unpricedNowAmount: BigInt(sums[o + 4] as number),
    day,
    reason,
  };
}

/**
 * The second half of `attributeSteps`: each (network, account, token, day) group's five sums split
 * among the account's devices (sorted ids) by the day's weights, or reported as unattributed with
 * the reason `attribute` gives.
 */
export function* splitGroups(
  cal: Calendar,
  rewards: readonly RewardInput[],
  linkOf: Map<string, Map<string, AccountLink>>,
  groups: { gFirst: number[]; gDay: number[]; sums: number[] },
  activityOf: (device: string) => DayActivity | undefined,
): Generator<void, { shares: ShareColumns; unattributed: Unattributed[] }> {
  const { gFirst, gDay, sums } = groups;
  const sorted = new Map<
    AccountLink,
    { ids: string[]; index: Int32Array; acts: (DayActivity | undefined)[]; keys: Map<string, number> }
  >();
  const deviceIndex = new Map<string, number>();
  const deviceIds: string[] = [];
  const keyIndex = new Map<string, number>();
  const tokenKeys: { network: string; token: string }[] = [];
  let capacity = 0;
  for (let g = 0; g < gFirst.length; g++) {
    const r = rewards[gFirst[g] as number] as RewardInput;
    capacity += linkOf.get(r.network)?.get(r.account)?.devices.length ?? 0;
  }
  const shares: ShareColumns = {
    count: 0,
    deviceIds,
    tokenKeys,
    device: new Int32Array(capacity),
    day: new Int32Array(capacity),
    key: new Int32Array(capacity),
    amount: new Float64Array(capacity),
    valueMicros: new Float64Array(capacity),
    unpricedAmount: new Float64Array(capacity),
    valueNowMicros: new Float64Array(capacity),
  };
  const unattributed: Unattributed[] = [];
  let weights = new Float64Array(16);
  const parts = Array.from({ length: 4 }, () => new Float64Array(16));
  for (let g = 0; g < gFirst.length; g++) {
    if (g % (STEP / 4) === STEP / 4 - 1) yield;
    const r = rewards[gFirst[g] as number] as RewardInput;
    const day = gDay[g] as number;
    const o = g * 5;
    const dayKey = cal.days[day]?.key ?? null;
    const link = linkOf.get(r.network)?.get(r.account);
    const unattribute = (reason: UnattributedReason) =>
      unattributed.push(unattributedRow(r, sums, o, dayKey, reason));
    if (dayKey === null || !link || link.devices.length === 0) {
      unattribute(dayKey === null ? 'outside-range' : !link ? 'unlinked-account' : 'no-devices');
      continue;
    }
    let devs = sorted.get(link);
    if (!devs) {
      const ids = [...new Set(link.devices)].sort();
      const index = new Int32Array(ids.length);
      ids.forEach((id, k) => {
        let x = deviceIndex.get(id);
        if (x === undefined) {
          x = deviceIds.length;
          deviceIds.push(id);
          deviceIndex.set(id, x);
        }
        index[k] = x;
      });
      devs = { ids, index, acts: ids.map(activityOf), keys: new Map() };
      sorted.set(link, devs);
    }
    const k = devs.ids.length;
    if (weights.length < k) {
      weights = new Float64Array(k);
      for (let p = 0; p < 4; p++) parts[p] = new Float64Array(k);
    }
    for (let d = 0; d < k; d++) weights[d] = weightOf(link, devs.ids[d] as string, devs.acts[d], day);
    if (!splitSafe(sums[o] as number, weights, k, parts[0] as Float64Array)) {
      unattribute('no-weight');
      continue;
    }
    // The fifth sum (unpriced at spot) is not kept per device (DeviceDay has no field for it).
    for (let p = 1; p < 4; p++) {
      const total = sums[o + p] as number;
      if (total === 0) (parts[p] as Float64Array).fill(0, 0, k);
      else splitSafe(total, weights, k, parts[p] as Float64Array);
    }
    let key = devs.keys.get(r.token);
    if (key === undefined) {
      const tk = `${r.network}\u0000${r.token}`;
      key = keyIndex.get(tk);
      if (key === undefined) {
        key = tokenKeys.length;
        tokenKeys.push({ network: r.network, token: r.token });
        keyIndex.set(tk, key);
      }
      devs.keys.set(r.token, key);
    }
    for (let d = 0; d < k; d++) {
      const j = shares.count++;
      shares.device[j] = devs.index[d] as number;
      shares.day[j] = day;
      shares.key[j] = key;
      shares.amount[j] = (parts[0] as Float64Array)[d] as number;
      shares.valueMicros[j] = (parts[1] as Float64Array)[d] as number;
      shares.unpricedAmount[j] = (parts[2] as Float64Array)[d] as number;
      shares.valueNowMicros[j] = (parts[3] as Float64Array)[d] as number;
    }
  }
  return { shares, unattributed };
}
