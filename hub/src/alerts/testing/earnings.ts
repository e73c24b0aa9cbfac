import { decompose } from '../../earnings/decompose.js';
import type { DeviceDay } from '../../earnings/device-day.js';
import { type Flag, reconcile } from '../../earnings/flags.js';
import { makeDay } from '../../earnings/testing/days.js';
import { addDays } from '../../earnings/zone.js';
import type { EarningsInput } from '../types.js';

const hnt = (amount: bigint, valueMicros: bigint) => [
  { network: 'helium', token: 'HNT', amount, valueMicros },
];

/**
 * 28 baseline days of 100 HNT units at 10,000 µ$ each, fully online (net $1.00/day), then `day`
 * with `units` at `price` µ$ and `uptimeS` online: the EarningsInput the hub would compute.
 * 80 units at 7,500 µ$ and 80 % uptime: price −22.5 %, uptime −17.5 %, total −40.0 %.
 */
export function earningsFor(day: string, units: bigint, price: bigint, uptimeS: number): EarningsInput {
  const baseline: DeviceDay[] = [];
  for (let k = 28; k >= 1; k--) baseline.push(makeDay(addDays(day, -k), { tokens: hnt(100n, 1_000_000n) }));
  const recent = makeDay(day, { uptimeS, tokens: hnt(units, units * price) });
  const d = decompose(baseline, [recent]);
  const flags: Flag[] = reconcile([...baseline, recent], {
    today: day,
    nowMs: Date.parse(`${day}T23:59:59Z`),
  });
  return {
    day,
    recent_micros_per_day: d.recentMicrosPerDay,
    baseline_median_micros_per_day: 1_000_000n,
    decomposition: d,
    flags,
  };
}
