import type { DeviceHours } from './earnings-hours.js';
import {
  decodeSpanInto,
  emptySpan,
  encodeSpan,
  HOUR,
  reuseDeviceHours,
  SPAN_MS,
  spanOf,
} from './rollup-earnings-format.js';
import type { HourRollup, RecomputedRange } from './rollup-types.js';

/** Energy of one device-hour: `energySlots` on raw readings, its four 15-minute slots summed. */
export interface HourEnergy {
  device_id: string;
  hour_ms: number;
  measured_mwh: number;
  interpolated_mwh: number;
  known_ms: number;
}

/** One device-hour as earnings store it (see `DeviceHours`). */
export interface EarningsHour {
  hour_ms: number;
  up_ms: number;
  busy_ms: number;
  bytes: number;
  measured_mwh: number;
  interpolated_mwh: number;
  known_ms: number;
  present: boolean;
}

/** Activity of an hour row; energy comes separately. An hour with samples or online time is present. */
export const activityOf = (r: HourRollup): EarningsHour => ({
  hour_ms: r.hour_ms,
  up_ms: r.up_ms,
  busy_ms: r.gpu_busy_ms,
  bytes: r.rx_bytes + r.tx_bytes,
  measured_mwh: 0,
  interpolated_mwh: 0,
  known_ms: 0,
  present: r.samples > 0 || r.up_ms > 0,
});

/** What to change in one stored span: clear hour ranges, then set hours (a set hour is replaced whole). */
export interface SpanEdit {
  device_id: string;
  span_ms: number;
  clear: Array<[number, number]>;
  set: Map<number, EarningsHour>;
}

/**
 * The span edits of one `writeHourRollups` call: each recomputed range (and `clearOnly` range) is
 * cleared, and each hour row is written with its activity and the energy given for its hour (an hour
 * with energy but no row, e.g. inside a long gap, is written too); `direct` hours are written as given.
 */
export function planSpanEdits(
  rows: readonly HourRollup[],
  energy: readonly HourEnergy[],
  ranges: readonly RecomputedRange[],
  clearOnly: ReadonlyArray<{ device_id: string; from_ms: number; to_ms: number }> = [],
  direct: ReadonlyArray<EarningsHour & { device_id: string }> = [],
): SpanEdit[] {
  const edits = new Map<string, SpanEdit>();
  const edit = (deviceId: string, hourMs: number) => {
    const span = spanOf(hourMs);
    const key = `${deviceId}\u0000${span}`;
    let e = edits.get(key);
    if (!e) {
      e = { device_id: deviceId, span_ms: span, clear: [], set: new Map() };
      edits.set(key, e);
    }
    return e;
  };
  for (const r of [...ranges, ...clearOnly]) {
    for (let s = spanOf(r.from_ms); s < r.to_ms; s += SPAN_MS)
      edit(r.device_id, s).clear.push([Math.max(r.from_ms, s), Math.min(r.to_ms, s + SPAN_MS)]);
  }
  for (const r of rows) edit(r.device_id, r.hour_ms).set.set(r.hour_ms, activityOf(r));
  for (const { device_id, ...h } of direct) edit(device_id, h.hour_ms).set.set(h.hour_ms, h);
  for (const x of energy) {
    const set = edit(x.device_id, x.hour_ms).set;
    const h = set.get(x.hour_ms) ?? { ...ZERO, hour_ms: x.hour_ms };
    set.set(x.hour_ms, {
      ...h,
      measured_mwh: x.measured_mwh,
      interpolated_mwh: x.interpolated_mwh,
      known_ms: x.known_ms,
    });
  }
  return [...edits.values()];
}

const ZERO: EarningsHour = {
  hour_ms: 0,
  up_ms: 0,
  busy_ms: 0,
  bytes: 0,
  measured_mwh: 0,
  interpolated_mwh: 0,
  known_ms: 0,
  present: false,
};

function put(h: DeviceHours, i: number, x: EarningsHour | null): void {
  const v = x ?? ZERO;
  h.upMs[i] = v.up_ms;
  h.busyMs[i] = v.busy_ms;
  h.bytes[i] = v.bytes;
  h.measuredMwh[i] = v.measured_mwh;
  h.interpolatedMwh[i] = v.interpolated_mwh;
  h.knownMs[i] = v.known_ms;
  h.present[i] = v.present ? 1 : 0;
}

/** Applies an edit to a span's stored bytes (null: no row); returns the new bytes, or null to delete. */
export function applySpanEdit(stored: Uint8Array | null, e: SpanEdit): Uint8Array | null {
  const h = emptySpan(e.span_ms);
  if (stored) decodeSpanInto(stored, h, 0);
  for (const [from, to] of e.clear)
    for (let t = from; t < to; t += HOUR) put(h, (t - e.span_ms) / HOUR, null);
  for (const [hourMs, x] of e.set) put(h, (hourMs - e.span_ms) / HOUR, x);
  return encodeSpan(h);
}

/** Spans of `deviceIds` read from a store, decoded into one DeviceHours per device over [fromMs, toMs). */
export function assembleEarningsHours(
  deviceIds: readonly string[],
  fromMs: number,
  toMs: number,
  spansOf: (deviceId: string) => Iterable<[number, Uint8Array]>,
  reuse: readonly DeviceHours[] = [],
) {
  const hours = (toMs - fromMs) / HOUR;
  if (!Number.isInteger(hours) || fromMs % HOUR !== 0 || hours < 0)
    throw new RangeError(`earnings hours: [${fromMs}, ${toMs}) is not whole hours`);
  const out = new Map<string, { hours: DeviceHours; lastRolledHourMs: number | null }>();
  let reused = 0;
  for (const id of deviceIds) {
    if (out.has(id)) continue;
    const h = reuseDeviceHours(reuse[reused++], fromMs, hours);
    let last = -1;
    for (const [spanMs, data] of spansOf(id))
      last = Math.max(last, decodeSpanInto(data, h, (spanMs - fromMs) / HOUR));
    out.set(id, { hours: h, lastRolledHourMs: last < 0 ? null : fromMs + last * HOUR });
  }
  return out;
}
