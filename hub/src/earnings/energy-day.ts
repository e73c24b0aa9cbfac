import type { Calendar } from './calendar.js';
import type { EnergySlots } from './energy.js';

/** One device's energy on one local day. */
export interface DayEnergy {
  day: string;
  /** Integer milli-watt-hours read from the counter. */
  measuredMwh: number;
  /** Integer milli-watt-hours estimated for short gaps from neighbouring power. */
  interpolatedMwh: number;
  /** Milliseconds of the day with no known energy (long gaps, before the first or after the last reading). */
  unknownMs: number;
  /** Exact decimal strings of the same figures in kWh ("1.234567"), for display. */
  measuredKwh: string;
  interpolatedKwh: string;
  /** unknownMs in hours (display). */
  unknownHours: number;
}

/** kWh as an exact decimal string from integer mWh (1 kWh = 1,000,000 mWh). */
export function mwhToKwh(mwh: number): string {
  const negative = mwh < 0;
  const abs = Math.abs(mwh);
  const whole = Math.floor(abs / 1_000_000);
  const frac = String(abs % 1_000_000).padStart(6, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** One day's energy figures from its integer mWh and unknown milliseconds, with their display forms. */
export function dayEnergy(
  day: string,
  measuredMwh: number,
  interpolatedMwh: number,
  unknownMs: number,
): DayEnergy {
  return {
    day,
    measuredMwh,
    interpolatedMwh,
    unknownMs,
    measuredKwh: mwhToKwh(measuredMwh),
    interpolatedKwh: mwhToKwh(interpolatedMwh),
    unknownHours: unknownMs / 3_600_000,
  };
}

/** Per local day: measured kWh, interpolated kWh and unknown hours, summed from the slots. */
export function dailyEnergy(cal: Calendar, slots: EnergySlots): DayEnergy[] {
  return cal.days.map((d, i) => {
    const from = cal.daySlot[i] ?? 0;
    const to = cal.daySlot[i + 1] ?? from;
    let measured = 0;
    let interpolated = 0;
    let known = 0;
    for (let s = from; s < to; s++) {
      measured += slots.measuredMwh[s] ?? 0;
      interpolated += slots.interpolatedMwh[s] ?? 0;
      known += slots.knownMs[s] ?? 0;
    }
    return dayEnergy(d.key, measured, interpolated, Math.max(0, d.endMs - d.startMs - known));
  });
}
