import { type Calendar, SLOT_MS } from '../earnings/calendar.js';
import type { EnergyReading } from '../earnings/energy.js';
import type { HourRollup } from '../store/rollup-types.js';
import { type ActivityAcc, dayAcc } from './telemetry.js';

const SLOTS_PER_HOUR = 3_600_000 / SLOT_MS;

/**
 * Energy readings of hour rollups: each hour's first and last counter reading, oldest first. The
 * engine then sees the same counter values at the hour bounds as with raw samples; inside an hour
 * only the total matters (it is spread in proportion to time, as between any two readings).
 */
export function rollupReadings(rows: readonly HourRollup[], out: EnergyReading[] = []): EnergyReading[] {
  for (const r of rows) {
    for (const p of [r.energy_first, r.energy_last]) {
      if (!p) continue;
      const prev = out[out.length - 1];
      if (prev && prev.ts >= p.ts) continue;
      out.push({ ts: p.ts, energyWhTotal: p.energy_wh_total, epochId: p.epoch_id, watts: p.watts });
    }
  }
  return out;
}

/**
 * Adds hour rollups' online time, GPU-busy time and bytes to the local days they fall in. With a
 * whole-hour zone offset an hour lies in one local day; with a half- or quarter-hour offset
 * (Asia/Kolkata +5:30, Asia/Kathmandu +5:45) the hour is split between its two days pro rata by
 * 15-minute slot (the rollup does not say when inside the hour the device was up). Hours outside the
 * calendar count only for their slots inside it. An hour with samples or online time marks its days
 * as having telemetry.
 */
export function addRollupActivity(cal: Calendar, acc: ActivityAcc, rows: readonly HourRollup[]): void {
  for (const r of rows) {
    if (r.samples === 0 && r.up_ms === 0) continue;
    const s0 = Math.floor((r.hour_ms - cal.startMs) / SLOT_MS);
    const first = Math.max(s0, 0);
    const last = Math.min(s0 + SLOTS_PER_HOUR, cal.slotCount) - 1;
    if (first > last) continue;
    const bytes = r.rx_bytes + r.tx_bytes;
    const dFirst = cal.slotDay[first] as number;
    if (first === s0 && last === s0 + SLOTS_PER_HOUR - 1 && dFirst === cal.slotDay[last]) {
      const d = dayAcc(acc, dFirst);
      d.upMs += r.up_ms;
      d.busyMs += r.gpu_busy_ms;
      d.bytes += bytes;
      continue;
    }
    for (let s = first; s <= last; s++) {
      const d = dayAcc(acc, cal.slotDay[s] as number);
      d.upMs += r.up_ms / SLOTS_PER_HOUR;
      d.busyMs += r.gpu_busy_ms / SLOTS_PER_HOUR;
      d.bytes += bytes / SLOTS_PER_HOUR;
    }
  }
}
