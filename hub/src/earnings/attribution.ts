import { type Calendar, dayIndexOf } from './calendar.js';
import { splitLargestRemainder } from './money.js';
import type { ValuedReward } from './valuation.js';

/** How an account's rewards are split among its devices, per day. */
export type SplitRule =
  | { kind: 'weights'; weights: Readonly<Record<string, number>> }
  | { kind: 'equal' }
  | { kind: 'uptime' }
  | { kind: 'gpu-busy' }
  | { kind: 'bandwidth' };

/** An account (wallet, hotspot, node, miner, provider) and the devices it is linked to. */
export interface AccountLink {
  network: string;
  account: string;
  devices: readonly string[];
  rule: SplitRule;
}

/** What telemetry says about a device on a day; integer counts. */
export interface DeviceActivity {
  uptimeS: number;
  gpuBusyS: number;
  /** Bytes served (integer; a BigInt for counts beyond 2^53). */
  bytes: number | bigint;
}

/** Activity by device id, then by day key. */
export type ActivityIndex = ReadonlyMap<string, ReadonlyMap<string, DeviceActivity>>;

/** Token and money amounts that split together. Money is integer micro-units, tokens base units. */
export interface Amounts {
  amount: bigint;
  /** Value at each reward's own hour, of the rewards that had a price. */
  valueMicros: bigint;
  /** Base units whose own-hour price is missing (their value is unknown, not 0). */
  unpricedAmount: bigint;
  valueNowMicros: bigint;
  unpricedNowAmount: bigint;
}

export interface Share extends Amounts {
  device: string;
  day: string;
  account: string;
  network: string;
  token: string;
}

export type UnattributedReason = 'unlinked-account' | 'no-devices' | 'no-weight' | 'outside-range';

export interface Unattributed extends Amounts {
  account: string;
  network: string;
  token: string;
  day: string | null;
  reason: UnattributedReason;
}

export const zeroAmounts = (): Amounts => ({
  amount: 0n,
  valueMicros: 0n,
  unpricedAmount: 0n,
  valueNowMicros: 0n,
  unpricedNowAmount: 0n,
});

function weightOf(rule: SplitRule, device: string, activity: DeviceActivity | undefined): bigint {
  switch (rule.kind) {
    case 'weights': {
      const w = rule.weights[device] ?? 0;
      if (!Number.isSafeInteger(w) || w < 0)
        throw new RangeError(`weight of ${device} must be an integer ≥ 0`);
      return BigInt(w);
    }
    case 'equal':
      return 1n;
    case 'uptime':
      return BigInt(Math.max(0, Math.round(activity?.uptimeS ?? 0)));
    case 'gpu-busy':
      return BigInt(Math.max(0, Math.round(activity?.gpuBusyS ?? 0)));
    case 'bandwidth': {
      const b = activity?.bytes ?? 0;
      return typeof b === 'bigint' ? b : BigInt(Math.max(0, Math.round(b)));
    }
  }
}

/**
 * Splits valued rewards from accounts to devices. Rewards are summed per (account, token, local day)
 * first, then every amount is split by that day's weights with largest-remainder rounding, so for each
 * group the devices' parts plus the unattributed part equal the group's total exactly. Devices are
 * taken in sorted id order (ties in rounding go to the lower id). Nothing is dropped: an unlinked
 * account, an account with no devices, a day on which every weight is 0 and a reward outside the
 * calendar all come back as unattributed with the reason.
 */
export function attribute(
  cal: Calendar,
  rewards: readonly ValuedReward[],
  links: readonly AccountLink[],
  activity: ActivityIndex,
): { shares: Share[]; unattributed: Unattributed[] } {
  const linkOf = new Map(links.map((l) => [`${l.network}\u0000${l.account}`, l]));
  const groups = new Map<string, { r: ValuedReward; day: number; sums: Amounts }>();
  for (const r of rewards) {
    const day = dayIndexOf(cal, r.ts);
    const key = `${r.network}\u0000${r.account}\u0000${r.token}\u0000${day}`;
    let g = groups.get(key);
    if (!g) {
      g = { r, day, sums: zeroAmounts() };
      groups.set(key, g);
    }
    const amount = BigInt(r.amount);
    g.sums.amount += amount;
    if (r.valueMicros === null) g.sums.unpricedAmount += amount;
    else g.sums.valueMicros += r.valueMicros;
    if (r.valueNowMicros === null) g.sums.unpricedNowAmount += amount;
    else g.sums.valueNowMicros += r.valueNowMicros;
  }
  const shares: Share[] = [];
  const unattributed: Unattributed[] = [];
  const sortedDevices = new Map<AccountLink, string[]>();
  for (const { r, day, sums } of groups.values()) {
    const base = { account: r.account, network: r.network, token: r.token };
    const dayKey = cal.days[day]?.key ?? null;
    const link = linkOf.get(`${r.network}\u0000${r.account}`);
    const reason: UnattributedReason | null =
      dayKey === null
        ? 'outside-range'
        : !link
          ? 'unlinked-account'
          : link.devices.length === 0
            ? 'no-devices'
            : null;
    if (reason || !link || dayKey === null) {
      unattributed.push({ ...base, ...sums, day: dayKey, reason: reason ?? 'no-devices' });
      continue;
    }
    let devices = sortedDevices.get(link);
    if (!devices) {
      devices = [...new Set(link.devices)].sort();
      sortedDevices.set(link, devices);
    }
    const weights = devices.map((d) => weightOf(link.rule, d, activity.get(d)?.get(dayKey)));
    const amount = splitLargestRemainder(sums.amount, weights);
    if (amount === null) {
      unattributed.push({ ...base, ...sums, day: dayKey, reason: 'no-weight' });
      continue;
    }
    // A zero amount splits into zeros: skip the work (most groups have no unpriced part).
    const split = (total: bigint) =>
      total === 0n ? null : (splitLargestRemainder(total, weights) as bigint[]);
    const value = split(sums.valueMicros);
    const unpriced = split(sums.unpricedAmount);
    const valueNow = split(sums.valueNowMicros);
    const unpricedNow = split(sums.unpricedNowAmount);
    for (let i = 0; i < devices.length; i++) {
      shares.push({
        account: r.account,
        network: r.network,
        token: r.token,
        device: devices[i] as string,
        day: dayKey,
        amount: amount[i] as bigint,
        valueMicros: value ? (value[i] as bigint) : 0n,
        unpricedAmount: unpriced ? (unpriced[i] as bigint) : 0n,
        valueNowMicros: valueNow ? (valueNow[i] as bigint) : 0n,
        unpricedNowAmount: unpricedNow ? (unpricedNow[i] as bigint) : 0n,
      });
    }
  }
  return { shares, unattributed };
}
