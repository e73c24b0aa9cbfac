import type { Calendar } from './calendar.js';
import type { DayActivity, ShareColumns } from './columnar-attribution.js';
import { type EnergyDays, emptyEnergyDays } from './columnar-energy.js';
import { type Amortization, amortizationForDay, type FixedCost, fixedCostForDay } from './fixed-costs.js';
import { parsePrice, safe, valueMicrosSafe } from './safe-int.js';

/** Devices between two pauses of `deviceSteps`. */
const DEVICE_STEP = 500;

import type { TariffPlan } from './tariff.js';

/**
 * Every device's days: entry `d · days + i` of the columns is device `devices[d]` on `cal.days[i]`,
 * in safe-integer micro-units (energyCost NaN = null); what is already per device and day is kept by
 * reference, not copied (the engine's inputs: energy and activity; fixed costs and amortization per
 * distinct setting). Equal to the exact engine's figures (`columnar-rows.ts` makes DeviceDay rows:
 * operating = net + amortization). A device's shares are `shares` entries
 * `shareOrder[shareStart[d] … shareStart[d + 1])`.
 */
export interface FleetColumns {
  cal: Calendar;
  currency: string;
  devices: string[];
  days: number;
  gross: Float64Array;
  grossNow: Float64Array;
  energyCost: Float64Array;
  net: Float64Array;
  complete: Uint8Array;
  energy: (EnergyDays | undefined)[];
  activity: (DayActivity | undefined)[];
  fixed: Float64Array[];
  amortization: (Float64Array | null)[];
  /** Length of each day in ms (23, 24 or 25 hours). */
  dayMs: Float64Array;
  shares: ShareColumns;
  shareStart: Int32Array;
  shareOrder: Int32Array;
}

export interface DeviceCosts {
  fixedCosts: readonly FixedCost[];
  amortization?: Amortization | undefined;
}

/** Per-day fixed or amortization micro-units of one setting, computed once with the exact functions. */
function perDayCache(cal: Calendar) {
  const cache = new Map<string, Float64Array>();
  return (key: string, f: (day: string) => bigint) => {
    let v = cache.get(key);
    if (!v) {
      v = Float64Array.from(cal.days, (d) => safe(Number(f(d.key))));
      cache.set(key, v);
    }
    return v;
  };
}

function shareIndex(shares: ShareColumns, devices: readonly string[]) {
  const position = new Map(devices.map((d, i) => [d, i]));
  const toFleet = Int32Array.from(shares.deviceIds, (id) => position.get(id) ?? -1);
  const shareStart = new Int32Array(devices.length + 1);
  for (let j = 0; j < shares.count; j++) {
    const d = toFleet[shares.device[j] as number] as number;
    if (d >= 0) shareStart[d + 1] = (shareStart[d + 1] as number) + 1;
  }
  for (let d = 0; d < devices.length; d++)
    shareStart[d + 1] = (shareStart[d + 1] as number) + (shareStart[d] as number);
  const fill = shareStart.slice(0, devices.length);
  const shareOrder = new Int32Array(shareStart[devices.length] as number);
  for (let j = 0; j < shares.count; j++) {
    const d = toFleet[shares.device[j] as number] as number;
    if (d >= 0) shareOrder[(fill[d] as number)++] = j;
  }
  return { shareStart, shareOrder };
}

/**
 * The per-device part of the engine: energy, tariff, fixed costs, amortization, activity and net per
 * day. A generator: it pauses after every `DEVICE_STEP` devices (`drain` runs it through).
 */
export function* deviceSteps(
  cal: Calendar,
  plan: TariffPlan,
  devices: readonly string[],
  shares: ShareColumns,
  energyOf: (device: string) => EnergyDays | undefined,
  activityOf: (device: string) => DayActivity | undefined,
  costsOf: (device: string) => DeviceCosts,
): Generator<void, FleetColumns> {
  const D = cal.days.length;
  const size = devices.length * D;
  const col = () => new Float64Array(size);
  const dayMs = Float64Array.from(cal.days, (d) => d.endMs - d.startMs);
  const out: FleetColumns = {
    cal,
    currency: plan.currency,
    devices: [...devices],
    days: D,
    gross: col(),
    grossNow: col(),
    energyCost: col(),
    net: col(),
    complete: new Uint8Array(size),
    energy: [],
    activity: [],
    fixed: [],
    amortization: [],
    dayMs,
    shares,
    ...shareIndex(shares, devices),
  };
  const prices = plan.prices.map(parsePrice);
  const P = prices.length;
  const none = emptyEnergyDays(D, P);
  const perDay = perDayCache(cal);
  const K = Math.max(shares.tokenKeys.length, 1);
  const unpriced = new Float64Array(D * K);
  const unpricedDay = new Uint8Array(D);
  for (let d = 0; d < devices.length; d++) {
    if (d % DEVICE_STEP === DEVICE_STEP - 1) yield;
    const device = devices[d] as string;
    const base = d * D;
    const energy = energyOf(device);
    const scratch = energy ?? none;
    const costs = costsOf(device);
    const fixedKey = costs.fixedCosts.map((c) => `${c.monthly}|${c.from ?? ''}|${c.to ?? ''}`).join(';');
    const fixed = perDay(`f:${fixedKey}`, (day) => fixedCostForDay(costs.fixedCosts, day));
    const a = costs.amortization;
    const amort = a
      ? perDay(`a:${a.price}|${a.months}|${a.start}`, (day) => amortizationForDay(a, day))
      : null;
    // Shares: gross per day, and each (day, token)'s unpriced sum (a day is complete only at 0).
    const touched: number[] = [];
    for (let x = out.shareStart[d] as number; x < (out.shareStart[d + 1] as number); x++) {
      const j = out.shareOrder[x] as number;
      const i = base + (shares.day[j] as number);
      out.gross[i] = safe((out.gross[i] as number) + (shares.valueMicros[j] as number));
      out.grossNow[i] = safe((out.grossNow[i] as number) + (shares.valueNowMicros[j] as number));
      const u = (shares.day[j] as number) * K + (shares.key[j] as number);
      unpriced[u] = safe((unpriced[u] as number) + (shares.unpricedAmount[j] as number));
      touched.push(u);
    }
    for (const u of touched) {
      if (unpriced[u] !== 0) unpricedDay[Math.floor(u / K)] = 1;
    }
    const act = activityOf(device);
    out.energy.push(energy);
    out.activity.push(act);
    out.fixed.push(fixed);
    out.amortization.push(amort);
    for (let i = 0; i < D; i++) {
      const o = base + i;
      let cost = 0;
      for (let p = 0; p < P; p++) {
        const mwh = scratch.byPrice[i * P + p] as number;
        if (mwh !== 0)
          cost = safe(cost + valueMicrosSafe(safe(mwh), 6, prices[p] as (typeof prices)[number]));
      }
      const known = scratch.uncovered[i] === 0;
      out.energyCost[o] = known ? cost : Number.NaN;
      const am = amort ? (amort[i] as number) : 0;
      const operating = safe((out.gross[o] as number) - (known ? cost : 0) - (fixed[i] as number));
      out.net[o] = safe(operating - am);
      const unknown = (dayMs[i] as number) > (scratch.known[i] as number);
      out.complete[o] = known && !unknown && unpricedDay[i] === 0 ? 1 : 0;
    }
    for (const u of touched) {
      unpriced[u] = 0;
      unpricedDay[Math.floor(u / K)] = 0;
    }
  }
  return out;
}
