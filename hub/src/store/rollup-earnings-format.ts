import { type DeviceHours, emptyDeviceHours } from './earnings-hours.js';

/**
 * The stored form of earnings hours: one BLOB (PostgreSQL bytea) per device per span of SPAN_HOURS
 * UTC hours (a week, epoch-aligned). Few rows and a decode done by native typed-array copies matter
 * most: better-sqlite3 costs µs per returned row and per Buffer, and a fleet's 90 days is 21.6 M
 * device-hours at 10k devices. So a span is stored by column:
 *
 *   u8 FORMAT · u8 n (hours stored; trailing empty hours are cut) · seven columns in the order
 *   present, upMs, busyMs, bytes, measuredMwh, interpolatedMwh, knownMs, each u8 kind then its data:
 *     ZERO / FULL: every hour 0 / the column's full value (present: 1, times: 3,600,000), except k
 *       listed hours: u8 k, then k × (u8 hour, u32 LE);
 *     U32: n × u32 LE, 4-aligned in the blob;   F64: n × float64 LE, 8-aligned in the blob.
 * A column with a value that is not a u32 integer (bytes > 4 GiB, a fraction) is F64: exact always.
 */
export const FORMAT = 2;
export const HOUR = 3_600_000;
export const SPAN_HOURS = 168;
export const SPAN_MS = SPAN_HOURS * HOUR;

/** Start of the span holding `ms`. */
export const spanOf = (ms: number) => Math.floor(ms / SPAN_MS) * SPAN_MS;

export const emptySpan = (spanMs: number) => emptyDeviceHours(spanMs, SPAN_HOURS);

const ZERO = 0;
const FULL = 1;
const U32 = 2;
const F64 = 3;
/** Sparse columns list at most this many exceptions (a u8 count; beyond it dense is as small). */
const MAX_EXCEPTIONS = 40;

type Column = 'present' | 'upMs' | 'busyMs' | 'bytes' | 'measuredMwh' | 'interpolatedMwh' | 'knownMs';
const COLUMNS: readonly Column[] = [
  'present',
  'upMs',
  'busyMs',
  'bytes',
  'measuredMwh',
  'interpolatedMwh',
  'knownMs',
];
/** The FULL value of each column. */
const FULL_VALUE = [1, HOUR, HOUR, HOUR, HOUR, HOUR, HOUR];

const isU32 = (v: number) => Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff;

/** Encodes one span (SPAN_HOURS hours); null when it holds nothing (the row is then deleted). */
export function encodeSpan(h: DeviceHours): Uint8Array | null {
  let n = SPAN_HOURS;
  const empty = (i: number) => COLUMNS.every((c) => h[c][i] === 0);
  while (n > 0 && empty(n - 1)) n--;
  if (n === 0) return null;
  const parts: Uint8Array[] = [];
  let len = 0;
  const push = (bytes: Uint8Array) => {
    parts.push(bytes);
    len += bytes.length;
  };
  push(new Uint8Array([FORMAT, n]));
  COLUMNS.forEach((c, ci) => {
    const col = Float64Array.from(h[c].subarray(0, n));
    const sparse = (kind: number) => {
      const base = kind === FULL ? (FULL_VALUE[ci] as number) : 0;
      const idx: number[] = [];
      for (let i = 0; i < n; i++) if (col[i] !== base) idx.push(i);
      return { kind, idx };
    };
    const zero = sparse(ZERO);
    const full = sparse(FULL);
    const best = zero.idx.length <= full.idx.length ? zero : full;
    const allU32 = col.every(isU32);
    if (allU32 && best.idx.length <= MAX_EXCEPTIONS && best.idx.length * 5 + 2 < n * 4) {
      const out = new Uint8Array(2 + best.idx.length * 5);
      const view = new DataView(out.buffer);
      out[0] = best.kind;
      out[1] = best.idx.length;
      best.idx.forEach((i, k) => {
        out[2 + k * 5] = i;
        view.setUint32(3 + k * 5, col[i] as number, true);
      });
      push(out);
      return;
    }
    const width = allU32 ? 4 : 8;
    const pad = (width - ((len + 1) % width)) % width;
    const out = new Uint8Array(1 + pad + n * width);
    out[0] = allU32 ? U32 : F64;
    const data = allU32 ? new Uint32Array(col) : col;
    out.set(new Uint8Array(data.buffer, data.byteOffset, n * width), 1 + pad);
    push(out);
  });
  const blob = new Uint8Array(len);
  let p = 0;
  for (const part of parts) {
    blob.set(part, p);
    p += part.length;
  }
  return blob;
}

/** An 8-aligned copy of the blob being decoded, so dense columns are read as typed arrays. */
let scratch = new ArrayBuffer(16_384);
let scratch8 = new Uint8Array(scratch);
let scratch32 = new Uint32Array(scratch);
let scratch64 = new Float64Array(scratch);

/**
 * Decodes a stored span whose hour 0 is hour `offset` of `out` into `out`, keeping only hours inside
 * `out`. Returns the index in `out` of the last hour the span covers (its last stored hour holds
 * something, so every hour of `out` up to there has been written), or -1 when none is in `out`.
 */
export function decodeSpanInto(b: Uint8Array, out: DeviceHours, offset: number): number {
  if (b[0] !== FORMAT) throw new RangeError(`earnings hours: unknown format ${b[0]}`);
  const n = b[1] as number;
  const from = Math.max(0, -offset);
  const to = Math.min(n, out.present.length - offset);
  if (from >= to) return -1;
  if (b.length > scratch.byteLength) {
    scratch = new ArrayBuffer(b.length * 2);
    scratch8 = new Uint8Array(scratch);
    scratch32 = new Uint32Array(scratch);
    scratch64 = new Float64Array(scratch);
  }
  scratch8.set(b);
  let p = 2;
  for (let ci = 0; ci < 7; ci++) {
    const target = ci === 0 ? out.present : out[COLUMNS[ci] as Exclude<Column, 'present'>];
    const kind = b[p++] as number;
    if (kind === ZERO || kind === FULL) {
      target.fill(kind === FULL ? (FULL_VALUE[ci] as number) : 0, offset + from, offset + to);
      const k = b[p++] as number;
      for (let e = 0; e < k; e++, p += 5) {
        const i = b[p] as number;
        if (i >= from && i < to)
          target[offset + i] =
            ((b[p + 1] as number) | ((b[p + 2] as number) << 8) | ((b[p + 3] as number) << 16)) +
            (b[p + 4] as number) * 16_777_216;
      }
    } else if (kind === U32) {
      p += (4 - (p % 4)) % 4;
      target.set(scratch32.subarray(p / 4 + from, p / 4 + to), offset + from);
      p += n * 4;
    } else {
      p += (8 - (p % 8)) % 8;
      target.set(scratch64.subarray(p / 8 + from, p / 8 + to), offset + from);
      p += n * 8;
    }
  }
  return offset + to - 1;
}

/** `hours` zeroed hours from `startHourMs` in one allocation (a fleet read makes thousands). */
export function allocDeviceHours(startHourMs: number, hours: number): DeviceHours {
  const buf = new ArrayBuffer(hours * (6 * 8 + 1));
  const f = (k: number) => new Float64Array(buf, k * hours * 8, hours);
  return {
    startHourMs,
    upMs: f(0),
    busyMs: f(1),
    bytes: f(2),
    measuredMwh: f(3),
    interpolatedMwh: f(4),
    knownMs: f(5),
    present: new Uint8Array(buf, 6 * hours * 8, hours),
  };
}

/** `h` zeroed and moved to `startHourMs`, when it has `hours` hours; else a new allocation. */
export function reuseDeviceHours(
  h: DeviceHours | undefined,
  startHourMs: number,
  hours: number,
): DeviceHours {
  if (!h || h.upMs.length !== hours) return allocDeviceHours(startHourMs, hours);
  h.startHourMs = startHourMs;
  for (const a of [h.upMs, h.busyMs, h.bytes, h.measuredMwh, h.interpolatedMwh, h.knownMs, h.present])
    a.fill(0);
  return h;
}
