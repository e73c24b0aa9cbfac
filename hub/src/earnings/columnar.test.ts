import { describe, expect, it } from 'vitest';
import { attribute, type DeviceActivity } from './attribution.js';
import {
  dayActivityOfHours,
  dayActivityOfMap,
  deviceDayRows,
  energyDaysOfSlots,
  fleetColumns,
  reduceHours,
  UnsafeIntegerError,
} from './columnar-fleet.js';
import { deviceDays } from './device-day.js';
import { energySlots } from './energy.js';
import { hoursActivity } from './hours.js';
import { planTariff } from './tariff.js';
import { type RandomDevice, type RandomFleet, randomFleet } from './testing/random-fleet.js';
import { indexPrices, valueRewards } from './valuation.js';

/** The exact BigInt engine on a fleet: valueRewards → attribute → deviceDays per device. */
function exact(f: RandomFleet) {
  const plan = planTariff(f.cal, f.tariffs);
  const valued = valueRewards(f.rewards, indexPrices(f.prices), f.spot);
  const activity = new Map<string, Map<string, DeviceActivity>>();
  for (const d of [...f.devices, ...f.others]) if (d.hours) activity.set(d.id, hoursActivity(f.cal, d.hours));
  const { shares, unattributed } = attribute(f.cal, valued, f.links, activity);
  const days = f.devices.map((d) =>
    deviceDays(
      f.cal,
      {
        device: d.id,
        ...(d.hours ? { hours: d.hours } : { readings: d.readings ?? [] }),
        plan,
        fixedCosts: d.fixedCosts,
        ...(d.amortization ? { amortization: d.amortization } : {}),
      },
      shares.filter((s) => s.device === d.id),
      activity,
    ),
  );
  return { days, unattributed };
}

function columnar(f: RandomFleet) {
  const all = new Map<string, RandomDevice>([...f.devices, ...f.others].map((d) => [d.id, d]));
  const tariff = planTariff(f.cal, f.tariffs);
  const reduced = new Map(
    [...all.values()].flatMap((d) => (d.hours ? [[d.id, reduceHours(f.cal, tariff, d.hours)] as const] : [])),
  );
  const { columns, unattributed } = fleetColumns({
    cal: f.cal,
    devices: f.devices.map((d) => d.id),
    rewards: f.rewards,
    prices: indexPrices(f.prices),
    spot: f.spot,
    links: f.links,
    tariff,
    energyOf: (id) => {
      const d = all.get(id);
      const readings = d?.readings;
      return (
        reduced.get(id)?.energy ??
        (readings ? energyDaysOfSlots(f.cal, tariff, energySlots(f.cal, readings)) : undefined)
      );
    },
    activityOf: (id) => reduced.get(id)?.activity,
    costsOf: (id) => {
      const d = all.get(id) as RandomDevice;
      return { fixedCosts: d.fixedCosts, amortization: d.amortization };
    },
  });
  return { days: f.devices.map((_, i) => deviceDayRows(columns, i)), unattributed, columns };
}

describe('columnar fleet engine', () => {
  // Random fleets: zones with DST (Berlin, New York) and half/quarter-hour offsets (Kolkata,
  // Kathmandu), TOU bands and a tariff gap, fixed costs with date bounds, amortization, unknown energy
  // hours, hours and raw readings, unpriced and unknown tokens, every split rule, unlinked accounts,
  // rewards outside the range, negative amounts, prices with more than 6 decimals.
  for (let seed = 1; seed <= 60; seed++) {
    it(`equals the exact engine to the micro-unit (seed ${seed})`, () => {
      const f = randomFleet(seed);
      const want = exact(f);
      const got = columnar(f);
      expect(got.unattributed).toEqual(want.unattributed);
      expect(got.days).toEqual(want.days);
    });
  }

  it('really exercises the exact engine: shares, unpriced days, null energy cost, splits', () => {
    const seen = { shares: 0, incomplete: 0, nullCost: 0, unattributed: 0 };
    for (let seed = 1; seed <= 60; seed++) {
      const got = columnar(randomFleet(seed));
      seen.shares += got.columns.shares.count;
      seen.unattributed += got.unattributed.length;
      for (const rows of got.days)
        for (const d of rows) {
          if (!d.complete) seen.incomplete++;
          if (d.energyCostMicros === null) seen.nullCost++;
        }
    }
    expect(seen.shares).toBeGreaterThan(1000);
    expect(seen.incomplete).toBeGreaterThan(100);
    expect(seen.nullCost).toBeGreaterThan(10);
    expect(seen.unattributed).toBeGreaterThan(100);
  });

  it('refuses amounts beyond 2^53 (18-decimal tokens), so the caller uses the exact engine', () => {
    const f = randomFleet(3);
    f.rewards.push({
      ...(f.rewards[0] as (typeof f.rewards)[number]),
      token: 'FIL',
      amount: '1000000000000000000',
    });
    expect(() => columnar(f)).toThrow(UnsafeIntegerError);
  });

  it('reads the exact per-day activity map as columns, as hours give them', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const f = randomFleet(seed);
      for (const d of f.devices) {
        if (!d.hours) continue;
        const cols = dayActivityOfMap(f.cal, hoursActivity(f.cal, d.hours));
        expect(dayActivityOfHours(f.cal, d.hours)).toEqual(cols);
        expect(reduceHours(f.cal, planTariff(f.cal, f.tariffs), d.hours).activity).toEqual(cols);
      }
    }
  });
});
