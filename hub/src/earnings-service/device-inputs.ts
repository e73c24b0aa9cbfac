import type { Sample } from '@nodetally/shared';
import type { DeviceActivity } from '../earnings/attribution.js';
import { type Calendar, SLOT_MS } from '../earnings/calendar.js';
import {
  type DayActivity,
  DayTable,
  dayActivityOfMap,
  type EnergyDays,
  energyDaysOfSlots,
  reduceHours,
} from '../earnings/columnar-fleet.js';
import { type EnergySlots, energySlots } from '../earnings/energy.js';
import { addHourActivity, emptyDaySums, hourSlots } from '../earnings/hours.js';
import type { TariffPlan } from '../earnings/tariff.js';
import type { DeviceHours } from '../store/earnings-hours.js';
import { readAllSamples } from '../store/paged-samples.js';
import { HOUR_MS } from '../store/reward-types.js';
import type { Store } from '../store/types.js';
import { type ActivityAcc, addSampleActivity, energyReadings, finishActivity } from './telemetry.js';
import { yieldToEventLoop } from './yield.js';

/**
 * One device's telemetry as an engine takes it. `columnar`: energy per day and price, activity per
 * day (typed arrays; the device's hours are dropped once reduced). `exact`: the exact BigInt engine's
 * slots and per-day activity map. Energy is null for devices read only for their activity (they
 * share an account with a computed device and weigh its splits).
 */
export type DeviceTelemetry =
  | { mode: 'columnar'; energy: EnergyDays | null; activity: DayActivity }
  | { mode: 'exact'; slots: EnergySlots | null; activity: Map<string, DeviceActivity> };

/** Devices whose earnings hours are read at once. */
const CHUNK = 64;
/** Samples read beyond the raw window on both sides, so its first and last intervals are bounded. */
const MARGIN_MS = 15 * 60_000;

/** The activity of hours plus raw samples from `rawFrom` on, as the exact engine's per-day map. */
function activityMap(cal: Calendar, hours: DeviceHours, samples: readonly Sample[], rawFrom: number) {
  const sums = emptyDaySums(cal.days.length);
  addHourActivity(cal, hours, sums);
  const acc: ActivityAcc = new Map();
  for (let i = 0; i < cal.days.length; i++)
    if (sums.present[i] === 1)
      acc.set(i, {
        upMs: sums.upMs[i] as number,
        busyMs: sums.busyMs[i] as number,
        bytes: sums.bytes[i] as number,
      });
  addSampleActivity(cal, acc, samples, rawFrom);
  return finishActivity(cal, acc);
}

/** Hour slots plus the raw samples' energy in slots from `rawFrom` on (an hour bound, so a slot bound). */
function energyOf(
  cal: Calendar,
  hours: DeviceHours,
  samples: readonly Sample[],
  rawFrom: number,
): EnergySlots {
  const slots = hourSlots(cal, hours);
  if (samples.length === 0) return slots;
  const raw = energySlots(cal, energyReadings(samples));
  for (let s = Math.max(0, Math.ceil((rawFrom - cal.startMs) / SLOT_MS)); s < cal.slotCount; s++) {
    slots.measuredMwh[s] = (slots.measuredMwh[s] as number) + (raw.measuredMwh[s] as number);
    slots.interpolatedMwh[s] = (slots.interpolatedMwh[s] as number) + (raw.interpolatedMwh[s] as number);
    slots.knownMs[s] = (slots.knownMs[s] as number) + (raw.knownMs[s] as number);
  }
  return slots;
}

/**
 * Reads the telemetry of `ids` over the calendar: the store's earnings hours (`listEarningsHours`, by
 * id in chunks, each turned into the engine's form before the next is read), and raw samples only
 * after each device's last rolled hour (the current hour, or a device the rollup job has not
 * reached), counted only from there so no time counts twice. A device with no earnings hours is read
 * from raw samples alone.
 */
export async function readTelemetry(
  store: Store,
  cal: Calendar,
  tariff: TariffPlan,
  ids: readonly string[],
  withEnergy: ReadonlySet<string>,
  mode: 'columnar' | 'exact',
): Promise<Map<string, DeviceTelemetry>> {
  const fromMs = Math.floor(cal.startMs / HOUR_MS) * HOUR_MS;
  const toMs = Math.ceil(cal.endMs / HOUR_MS) * HOUR_MS;
  const out = new Map<string, DeviceTelemetry>();
  const table = mode === 'columnar' ? new DayTable(ids.length, cal.days.length, tariff.prices.length) : null;
  let row = 0;
  // Every chunk's hours are reduced before the next read, so the next read decodes into them.
  let spent: DeviceHours[] = [];
  for (let k = 0; k < ids.length; k += CHUNK) {
    const chunk = ids.slice(k, k + CHUNK);
    if (k > 0) await yieldToEventLoop();
    const read = await store.listEarningsHours(chunk, fromMs, toMs, spent);
    spent = [...read.values()].map((r) => r.hours);
    for (const device of chunk) {
      const got = read.get(device);
      if (!got) continue;
      const rawFrom = got.lastRolledHourMs === null ? cal.startMs : got.lastRolledHourMs + HOUR_MS;
      const samples =
        rawFrom < cal.endMs
          ? await readAllSamples(store, device, rawFrom - MARGIN_MS, cal.endMs + MARGIN_MS)
          : [];
      const energy = withEnergy.has(device);
      if (table && samples.length === 0) {
        const r = reduceHours(cal, tariff, got.hours, {
          activity: table.activity(row),
          energy: table.energy(row),
        });
        row++;
        out.set(device, { mode: 'columnar', energy: energy ? r.energy : null, activity: r.activity });
        continue;
      }
      const activity = activityMap(cal, got.hours, samples, rawFrom);
      const slots = energy ? energyOf(cal, got.hours, samples, rawFrom) : null;
      if (!table) out.set(device, { mode: 'exact', slots, activity });
      else {
        out.set(device, {
          mode: 'columnar',
          energy: slots ? energyDaysOfSlots(cal, tariff, slots, table.energy(row)) : null,
          activity: dayActivityOfMap(cal, activity, table.activity(row)),
        });
        row++;
      }
    }
  }
  return out;
}
