import { type Calendar, SLOT_MS } from './calendar.js';

/** One energy-counter reading from a Sample's `power` (shared/src/schemas/power.ts). */
export interface EnergyReading {
  ts: number;
  /** `power.energy_wh_total`: Wh since `epochId` began. */
  energyWhTotal: number;
  /** `power.energy_epoch_id`: a new id means the counter restarted from 0. */
  epochId: string;
  /** `power.watts` at this reading, null when nothing measured it. */
  watts: number | null;
}

export interface EnergyOptions {
  /**
   * Readings of one epoch closer than this are taken on the counter alone. Default 60 s: the agent
   * integrates every interval up to max(60 s, 3 × interval), so anything this close is always covered.
   */
  gapAfterMs?: number;
  /** Longest gap that is interpolated from neighbouring power; longer ones are unknown. Default 15 min. */
  maxGapMs?: number;
  /**
   * A longer interval counts as covered by the counter when its delta is at least this share of
   * neighbouring power × duration (default 0.5: the agent integrates with the newer reading's watts,
   * so a covered interval is ≥ 2/3 of the mean-power estimate even when power halves; a skipped one
   * adds ~0).
   */
  coverageTolerance?: number;
}

/** Energy of one device bucketed by calendar slot, integer milli-watt-hours (safe integers). */
export interface EnergySlots {
  measuredMwh: Float64Array;
  interpolatedMwh: Float64Array;
  /** Milliseconds of each slot whose energy is known (measured or interpolated). */
  knownMs: Float64Array;
}

const toMwh = (wh: number) => Math.round(wh * 1000);

/**
 * Buckets a device's counter readings into the calendar's slots. Per consecutive pair (a, b):
 * - same epoch, counter not lower, closer than `gapAfterMs`: measured = delta;
 * - otherwise (a gap, or a restart: a new epoch or a lower counter) the counter covers `b`'s delta in
 *   the same epoch, or `b`'s whole total after a restart (all of it accrued after `a`). If that is at
 *   least `coverageTolerance` × expected (mean watts × duration) the interval is measured; else, when
 *   no longer than `maxGapMs` and power is known, the shortfall is interpolated; else the interval is
 *   unknown (its covered energy still counts as measured, nothing is invented, and its time is not
 *   known). Time before the first and after the last reading is unknown too.
 * Energy is spread over the interval's slots in proportion to time, exactly in integers.
 */
export function energySlots(cal: Calendar, readings: readonly EnergyReading[], opts: EnergyOptions = {}) {
  const gapAfterMs = opts.gapAfterMs ?? 60_000;
  const maxGapMs = opts.maxGapMs ?? 900_000;
  const tolerance = opts.coverageTolerance ?? 0.5;
  const out: EnergySlots = {
    measuredMwh: new Float64Array(cal.slotCount),
    interpolatedMwh: new Float64Array(cal.slotCount),
    knownMs: new Float64Array(cal.slotCount),
  };
  const sorted = isSorted(readings) ? readings : [...readings].sort((x, y) => x.ts - y.ts);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as EnergyReading;
    const b = sorted[i] as EnergyReading;
    const d = b.ts - a.ts;
    if (d <= 0 || b.ts <= cal.startMs || a.ts >= cal.endMs) continue;
    const sameEpoch = a.epochId === b.epochId && b.energyWhTotal >= a.energyWhTotal;
    const covered = sameEpoch ? toMwh(b.energyWhTotal) - toMwh(a.energyWhTotal) : toMwh(b.energyWhTotal);
    if (sameEpoch && d <= gapAfterMs) {
      spread(cal, out.measuredMwh, a.ts, b.ts, covered, out.knownMs);
      continue;
    }
    const w = meanWatts(a.watts, b.watts);
    const expected = w === null ? null : Math.round((w * d) / 3600);
    if (expected !== null && covered >= expected * tolerance) {
      spread(cal, out.measuredMwh, a.ts, b.ts, covered, out.knownMs);
    } else if (expected !== null && d <= maxGapMs) {
      spread(cal, out.measuredMwh, a.ts, b.ts, covered, out.knownMs);
      spread(cal, out.interpolatedMwh, a.ts, b.ts, expected - covered, null);
    } else {
      spread(cal, out.measuredMwh, a.ts, b.ts, covered, null);
    }
  }
  return out;
}

function isSorted(r: readonly EnergyReading[]): boolean {
  for (let i = 1; i < r.length; i++)
    if ((r[i] as EnergyReading).ts < (r[i - 1] as EnergyReading).ts) return false;
  return true;
}

function meanWatts(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return (a + b) / 2;
}

/**
 * Adds `mwh` spread over [t0, t1) into `target` by slot, in proportion to time: slot k gets
 * floor(E·c_k/d) − floor(E·c_{k−1}/d), c_k the time covered up to its end, so the parts sum to E
 * exactly. Slots outside the calendar are skipped (their share belongs to days not asked for).
 */
function spread(
  cal: Calendar,
  target: Float64Array,
  t0: number,
  t1: number,
  mwh: number,
  knownMs: Float64Array | null,
) {
  const d = t1 - t0;
  const first = Math.floor((t0 - cal.startMs) / SLOT_MS);
  const last = Math.floor((t1 - 1 - cal.startMs) / SLOT_MS);
  if (first === last) {
    if (first >= 0 && first < cal.slotCount) {
      target[first] = (target[first] ?? 0) + mwh;
      if (knownMs) knownMs[first] = (knownMs[first] ?? 0) + d;
    }
    return;
  }
  const exact = Math.abs(mwh) * d <= Number.MAX_SAFE_INTEGER;
  let given = 0;
  for (let s = Math.max(first, 0); s <= Math.min(last, cal.slotCount - 1); s++) {
    const slotStart = cal.startMs + s * SLOT_MS;
    const from = Math.max(t0, slotStart);
    const to = Math.min(t1, slotStart + SLOT_MS);
    if (s === Math.max(first, 0)) given = floorShare(mwh, from - t0, d, exact);
    const upTo = floorShare(mwh, to - t0, d, exact);
    target[s] = (target[s] ?? 0) + upTo - given;
    given = upTo;
    if (knownMs) knownMs[s] = (knownMs[s] ?? 0) + (to - from);
  }
}

/** floor(e·part/whole) exactly: float division corrected by one where it rounded across an integer. */
function floorShare(e: number, part: number, whole: number, exact: boolean): number {
  if (!exact) {
    const n = BigInt(e) * BigInt(part);
    const q = n / BigInt(whole);
    return Number(n < 0n && q * BigInt(whole) !== n ? q - 1n : q);
  }
  const x = e * part;
  let q = Math.floor(x / whole);
  if (q * whole > x) q -= 1;
  else if ((q + 1) * whole <= x) q += 1;
  return q;
}
