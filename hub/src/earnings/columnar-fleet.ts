import type { AccountLink, Unattributed } from './attribution.js';
import type { Calendar } from './calendar.js';
import { attributeSteps, type DayActivity } from './columnar-attribution.js';
import { type DeviceCosts, deviceSteps, type FleetColumns } from './columnar-days.js';
import type { EnergyDays } from './columnar-energy.js';
import { drain, valueSteps } from './columnar-valuation.js';
import type { TariffPlan } from './tariff.js';
import type { PriceIndex, RewardInput } from './valuation.js';

export type { DayActivity } from './columnar-attribution.js';
export type { DeviceCosts, FleetColumns } from './columnar-days.js';
export { type EnergyDays, energyDaysOfSlots, reduceHours } from './columnar-energy.js';
export { dayActivityOfHours, dayActivityOfMap, deviceDayRows } from './columnar-rows.js';
export { DayTable } from './columnar-table.js';
export { UnsafeIntegerError } from './safe-int.js';

/** What the whole-fleet recompute needs; the lookups are asked once per device. */
export interface FleetInputs {
  cal: Calendar;
  /** Devices to compute, in output order. */
  devices: readonly string[];
  rewards: readonly RewardInput[];
  prices: PriceIndex;
  spot?: ReadonlyMap<string, string>;
  links: readonly AccountLink[];
  tariff: TariffPlan;
  /** Energy per day and price: `reduceHours` (DeviceHours) or `energyDaysOfSlots` (raw readings). */
  energyOf(device: string): EnergyDays | undefined;
  /** Any device's activity: also those that only share an account with `devices` (weighted splits). */
  activityOf(device: string): DayActivity | undefined;
  costsOf(device: string): DeviceCosts;
}

export interface FleetPhaseMs {
  valuation: number;
  attribution: number;
  days: number;
}

export interface FleetResult {
  columns: FleetColumns;
  unattributed: Unattributed[];
  phaseMs: FleetPhaseMs;
}

/**
 * The columnar fleet engine: valuation, attribution and every device's days in typed arrays, equal to
 * `valueRewards` → `attribute` → `deviceDays` to the micro-unit (property-tested in
 * `columnar.test.ts`). Throws `UnsafeIntegerError` when a figure would leave the safe-integer range;
 * callers then use the exact BigInt engine.
 */
export function fleetColumns(inputs: FleetInputs): FleetResult {
  return drain(fleetSteps(inputs));
}

/**
 * `fleetColumns` with a pause every few tens of thousands of rewards or hundreds of devices, for a
 * hub that must keep serving ingest meanwhile: `await pause()` between steps (phaseMs then counts the
 * pauses too).
 */
export async function fleetColumnsPausing(
  inputs: FleetInputs,
  pause: () => Promise<void>,
): Promise<FleetResult> {
  const steps = fleetSteps(inputs);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}

function* fleetSteps(inputs: FleetInputs): Generator<void, FleetResult> {
  const t0 = performance.now();
  const valued = yield* valueSteps(inputs.rewards, inputs.prices, inputs.spot);
  const t1 = performance.now();
  const { shares, unattributed } = yield* attributeSteps(
    inputs.cal,
    inputs.rewards,
    valued,
    inputs.links,
    inputs.activityOf,
  );
  const t2 = performance.now();
  const columns = yield* deviceSteps(
    inputs.cal,
    inputs.tariff,
    inputs.devices,
    shares,
    inputs.energyOf,
    inputs.activityOf,
    inputs.costsOf,
  );
  const t3 = performance.now();
  return { columns, unattributed, phaseMs: { valuation: t1 - t0, attribution: t2 - t1, days: t3 - t2 } };
}
