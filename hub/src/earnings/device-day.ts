import type { DeviceHours } from '../store/earnings-hours.js';
import type { ActivityIndex, Share } from './attribution.js';
import type { Calendar } from './calendar.js';
import { type EnergyOptions, type EnergyReading, type EnergySlots, energySlots } from './energy.js';
import { type DayEnergy, dailyEnergy } from './energy-day.js';
import { type Amortization, amortizationForDay, type FixedCost, fixedCostForDay } from './fixed-costs.js';
import { hourSlots } from './hours.js';
import { energyCostByDay, type TariffPlan } from './tariff.js';

export interface TokenTotal {
  network: string;
  token: string;
  /** Base units attributed to the device that day. */
  amount: bigint;
  valueMicros: bigint;
  unpricedAmount: bigint;
  valueNowMicros: bigint;
}

/** One device's P&L on one local day. Money is BigInt micro-units of `currency`. */
export interface DeviceDay {
  device: string;
  day: string;
  hours: number;
  currency: string;
  tokens: TokenTotal[];
  /** Sum of the priced rewards' values at their own hour. */
  grossMicros: bigint;
  /** Same rewards at today's price. */
  grossNowMicros: bigint;
  energy: DayEnergy;
  /** Null when energy fell outside every tariff's effective dates. */
  energyCostMicros: bigint | null;
  fixedMicros: bigint;
  amortizationMicros: bigint;
  /** gross − energy − fixed − amortization, of the known parts (see `complete`). */
  netMicros: bigint;
  /** Operating net: gross − energy − fixed (what payback is measured with). */
  operatingMicros: bigint;
  uptimeS: number | null;
  gpuBusyS: number | null;
  bytes: bigint | null;
  /** False when a part is unknown: unpriced rewards, unknown energy hours, or no tariff. */
  complete: boolean;
}

export interface DeviceSetup {
  device: string;
  /** Energy from counter readings (`energySlots`), or from per-hour figures (`hours` wins when both). */
  readings?: readonly EnergyReading[];
  hours?: DeviceHours;
  /** Energy already bucketed (wins over both). */
  slots?: EnergySlots;
  plan: TariffPlan;
  fixedCosts?: readonly FixedCost[];
  amortization?: Amortization;
  energy?: EnergyOptions;
}

/** Every calendar day of one device: its attributed shares, energy and costs, and net. */
export function deviceDays(
  cal: Calendar,
  setup: DeviceSetup,
  shares: readonly Share[],
  activity: ActivityIndex,
): DeviceDay[] {
  const slots =
    setup.slots ??
    (setup.hours ? hourSlots(cal, setup.hours) : energySlots(cal, setup.readings ?? [], setup.energy));
  const energy = dailyEnergy(cal, slots);
  const costs = energyCostByDay(cal, setup.plan, slots);
  const tokensByDay = new Map<string, Map<string, TokenTotal>>();
  for (const s of shares) {
    if (s.device !== setup.device) continue;
    let byToken = tokensByDay.get(s.day);
    if (!byToken) {
      byToken = new Map();
      tokensByDay.set(s.day, byToken);
    }
    const key = `${s.network}\u0000${s.token}`;
    const t = byToken.get(key) ?? {
      network: s.network,
      token: s.token,
      amount: 0n,
      valueMicros: 0n,
      unpricedAmount: 0n,
      valueNowMicros: 0n,
    };
    t.amount += s.amount;
    t.valueMicros += s.valueMicros;
    t.unpricedAmount += s.unpricedAmount;
    t.valueNowMicros += s.valueNowMicros;
    byToken.set(key, t);
  }
  const act = activity.get(setup.device);
  return cal.days.map((d, i) => {
    const tokens = [...(tokensByDay.get(d.key)?.values() ?? [])].sort((a, b) =>
      a.network === b.network ? (a.token < b.token ? -1 : 1) : a.network < b.network ? -1 : 1,
    );
    const gross = tokens.reduce((acc, t) => acc + t.valueMicros, 0n);
    const grossNow = tokens.reduce((acc, t) => acc + t.valueNowMicros, 0n);
    const e = energy[i] as DayEnergy;
    const energyCost = costs[i]?.costMicros ?? null;
    const fixed = fixedCostForDay(setup.fixedCosts ?? [], d.key);
    const amort = amortizationForDay(setup.amortization, d.key);
    const operating = gross - (energyCost ?? 0n) - fixed;
    const a = act?.get(d.key);
    return {
      device: setup.device,
      day: d.key,
      hours: (d.endMs - d.startMs) / 3_600_000,
      currency: setup.plan.currency,
      tokens,
      grossMicros: gross,
      grossNowMicros: grossNow,
      energy: e,
      energyCostMicros: energyCost,
      fixedMicros: fixed,
      amortizationMicros: amort,
      netMicros: operating - amort,
      operatingMicros: operating,
      uptimeS: a ? a.uptimeS : null,
      gpuBusyS: a ? a.gpuBusyS : null,
      bytes: a ? BigInt(a.bytes) : null,
      complete: energyCost !== null && e.unknownMs === 0 && tokens.every((t) => t.unpricedAmount === 0n),
    };
  });
}
