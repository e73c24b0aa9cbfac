import type { DeviceHours } from '../store/earnings-hours.js';
import type { DeviceActivity } from './attribution.js';
import type { Calendar } from './calendar.js';
import type { DayActivity } from './columnar-attribution.js';
import type { FleetColumns } from './columnar-days.js';
import type { DeviceDay, TokenTotal } from './device-day.js';
import { dayEnergy } from './energy-day.js';
import { addHourActivity, emptyDaySums } from './hours.js';
import { safe } from './safe-int.js';

/** A device's hours as per-day activity columns, rounded as `hoursActivity` rounds them. */
export function dayActivityOfHours(cal: Calendar, hours: DeviceHours): DayActivity {
  const sums = emptyDaySums(cal.days.length);
  addHourActivity(cal, hours, sums);
  for (let i = 0; i < cal.days.length; i++) {
    sums.upMs[i] = Math.round((sums.upMs[i] as number) / 1000);
    sums.busyMs[i] = Math.round((sums.busyMs[i] as number) / 1000);
    sums.bytes[i] = safe(Math.round(sums.bytes[i] as number));
  }
  return { uptimeS: sums.upMs, gpuBusyS: sums.busyMs, bytes: sums.bytes, present: sums.present };
}

/** The exact engine's per-day activity map as columns (bytes must be safe integers). */
export function dayActivityOfMap(
  cal: Calendar,
  byDay: ReadonlyMap<string, DeviceActivity>,
  out: DayActivity = dayActivityOfSums(emptyDaySums(cal.days.length)),
): DayActivity {
  cal.days.forEach((d, i) => {
    const a = byDay.get(d.key);
    if (!a) return;
    out.present[i] = 1;
    out.uptimeS[i] = a.uptimeS;
    out.gpuBusyS[i] = a.gpuBusyS;
    out.bytes[i] = safe(Number(a.bytes));
  });
  return out;
}

const dayActivityOfSums = (sums: ReturnType<typeof emptyDaySums>): DayActivity => ({
  uptimeS: sums.upMs,
  gpuBusyS: sums.busyMs,
  bytes: sums.bytes,
  present: sums.present,
});

const big = (x: number) => BigInt(x);

/** Device `d` of the columns as the exact engine's DeviceDay rows (equal field for field). */
export function deviceDayRows(
  cols: FleetColumns,
  d: number,
  fromDay = 0,
  toDay = cols.days - 1,
): DeviceDay[] {
  const { cal, shares } = cols;
  const device = cols.devices[d] as string;
  const tokensByDay = new Map<number, Map<number, TokenTotal>>();
  for (let x = cols.shareStart[d] as number; x < (cols.shareStart[d + 1] as number); x++) {
    const j = cols.shareOrder[x] as number;
    const day = shares.day[j] as number;
    if (day < fromDay || day > toDay) continue;
    let byKey = tokensByDay.get(day);
    if (!byKey) {
      byKey = new Map();
      tokensByDay.set(day, byKey);
    }
    const key = shares.key[j] as number;
    let t = byKey.get(key);
    if (!t) {
      const k = shares.tokenKeys[key] as { network: string; token: string };
      t = {
        network: k.network,
        token: k.token,
        amount: 0n,
        valueMicros: 0n,
        unpricedAmount: 0n,
        valueNowMicros: 0n,
      };
      byKey.set(key, t);
    }
    t.amount += big(shares.amount[j] as number);
    t.valueMicros += big(shares.valueMicros[j] as number);
    t.unpricedAmount += big(shares.unpricedAmount[j] as number);
    t.valueNowMicros += big(shares.valueNowMicros[j] as number);
  }
  const rows: DeviceDay[] = [];
  const energy = cols.energy[d];
  const act = cols.activity[d];
  const fixed = cols.fixed[d] as Float64Array;
  const amort = cols.amortization[d];
  for (let i = fromDay; i <= toDay; i++) {
    const day = cal.days[i];
    if (!day) continue;
    const o = d * cols.days + i;
    const tokens = [...(tokensByDay.get(i)?.values() ?? [])].sort((a, b) =>
      a.network === b.network ? (a.token < b.token ? -1 : 1) : a.network < b.network ? -1 : 1,
    );
    const measured = energy ? (energy.measured[i] as number) : 0;
    const interpolated = energy ? (energy.interpolated[i] as number) : 0;
    const unknownMs = Math.max(0, (cols.dayMs[i] as number) - (energy ? (energy.known[i] as number) : 0));
    const cost = cols.energyCost[o] as number;
    const present = act?.present[i] === 1;
    const net = cols.net[o] as number;
    const amortization = amort ? (amort[i] as number) : 0;
    rows.push({
      device,
      day: day.key,
      hours: (day.endMs - day.startMs) / 3_600_000,
      currency: cols.currency,
      tokens,
      grossMicros: big(cols.gross[o] as number),
      grossNowMicros: big(cols.grossNow[o] as number),
      energy: dayEnergy(day.key, measured, interpolated, unknownMs),
      energyCostMicros: Number.isNaN(cost) ? null : big(cost),
      fixedMicros: big(fixed[i] as number),
      amortizationMicros: big(amortization),
      netMicros: big(net),
      operatingMicros: big(net + amortization),
      uptimeS: present ? (act.uptimeS[i] as number) : null,
      gpuBusyS: present ? (act.gpuBusyS[i] as number) : null,
      bytes: present ? big(act.bytes[i] as number) : null,
      complete: cols.complete[o] === 1,
    });
  }
  return rows;
}
