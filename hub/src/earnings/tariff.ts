import { valueMicros } from '../prices/decimal.js';
import type { Calendar } from './calendar.js';
import type { EnergySlots } from './energy.js';

/** A time-of-use band: local weekdays (0 = Sunday) and hours [fromHour, toHour), wrapping midnight if from > to. */
export interface TouBand {
  days: readonly number[];
  fromHour: number;
  toHour: number;
  /** Exact decimal string, currency per kWh. */
  pricePerKwh: string;
}

interface TariffBase {
  /** Lower-case ISO code the prices are in; must match the valuation currency. */
  currency: string;
  /** First local day 'YYYY-MM-DD' this version applies to; it applies until the next version's. */
  effectiveFrom: string;
}

export type Tariff =
  | (TariffBase & { kind: 'flat'; pricePerKwh: string })
  | (TariffBase & { kind: 'tou'; defaultPricePerKwh: string; bands: readonly TouBand[] });

/**
 * Which price applies to each slot of a calendar, for one tariff history. Built once per (calendar,
 * tariff history) and shared by every device on that tariff. A new version applies from its
 * `effectiveFrom` day on and never changes the days before it.
 */
export interface TariffPlan {
  currency: string;
  /** Distinct prices (exact decimal strings). */
  prices: string[];
  /** Per slot: index into `prices`, or -1 where no tariff was in effect yet. */
  slotPrice: Int32Array;
}

export function tariffAt(history: readonly Tariff[], day: string): Tariff | undefined {
  let found: Tariff | undefined;
  for (const t of history) {
    if (t.effectiveFrom <= day && (!found || t.effectiveFrom >= found.effectiveFrom)) found = t;
  }
  return found;
}

export function priceOf(t: Tariff, weekday: number, hour: number): string {
  if (t.kind === 'flat') return t.pricePerKwh;
  for (const b of t.bands) {
    if (!b.days.includes(weekday)) continue;
    const inside =
      b.fromHour <= b.toHour ? hour >= b.fromHour && hour < b.toHour : hour >= b.fromHour || hour < b.toHour;
    if (inside) return b.pricePerKwh;
  }
  return t.defaultPricePerKwh;
}

export function planTariff(cal: Calendar, history: readonly Tariff[]): TariffPlan {
  const currencies = new Set(history.map((t) => t.currency));
  if (currencies.size > 1) throw new RangeError(`tariff history mixes currencies: ${[...currencies]}`);
  const prices: string[] = [];
  const index = new Map<string, number>();
  const slotPrice = new Int32Array(cal.slotCount).fill(-1);
  cal.days.forEach((d, i) => {
    const t = tariffAt(history, d.key);
    if (!t) return;
    for (let s = cal.daySlot[i] ?? 0; s < (cal.daySlot[i + 1] ?? 0); s++) {
      const p = priceOf(t, cal.slotWeekday[s] ?? 0, cal.slotHour[s] ?? 0);
      let k = index.get(p);
      if (k === undefined) {
        k = prices.length;
        prices.push(p);
        index.set(p, k);
      }
      slotPrice[s] = k;
    }
  });
  return { currency: [...currencies][0] ?? 'usd', prices, slotPrice };
}

export interface DayEnergyCost {
  day: string;
  /** Integer micro-units; null when energy fell in a slot with no tariff in effect. */
  costMicros: bigint | null;
  /** mWh (measured + interpolated) per price in plan.prices. */
  mwhByPrice: number[];
}

/**
 * Energy cost per local day: measured + interpolated mWh summed per price, then each price's total
 * valued once with `valueMicros(mWh, 6, pricePerKwh)` (mWh is kWh with 6 decimals, so this is
 * mWh × price in micro-units, rounded half away from zero once per price per day).
 * Unknown hours carry no cost here; DayEnergy.unknownMs says the cost is a lower bound.
 */
export function energyCostByDay(cal: Calendar, plan: TariffPlan, slots: EnergySlots): DayEnergyCost[] {
  return cal.days.map((d, i) => {
    const mwhByPrice = new Array<number>(plan.prices.length).fill(0);
    let uncovered = false;
    for (let s = cal.daySlot[i] ?? 0; s < (cal.daySlot[i + 1] ?? 0); s++) {
      const e = (slots.measuredMwh[s] ?? 0) + (slots.interpolatedMwh[s] ?? 0);
      if (e === 0) continue;
      const k = plan.slotPrice[s] ?? -1;
      if (k < 0) uncovered = true;
      else mwhByPrice[k] = (mwhByPrice[k] ?? 0) + e;
    }
    let cost = 0n;
    mwhByPrice.forEach((mwh, k) => {
      if (mwh !== 0) cost += valueMicros(BigInt(mwh), 6, plan.prices[k] ?? '0');
    });
    return { day: d.key, costMicros: uncovered ? null : cost, mwhByPrice };
  });
}
