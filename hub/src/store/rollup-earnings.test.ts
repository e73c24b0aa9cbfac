import { describe, expect, it } from 'vitest';
import type { DeviceHours } from './earnings-hours.js';
import { assembleEarningsHours } from './rollup-earnings.js';
import { allocDeviceHours, encodeSpan, SPAN_HOURS, SPAN_MS } from './rollup-earnings-format.js';

const H = 3_600_000;
const S0 = SPAN_MS * 2900; // a span bound

/** A span of pseudo-random hours (some empty, some with energy only), encoded as stored. */
function span(seed: number, spanMs: number): [number, Uint8Array] {
  const h = allocDeviceHours(spanMs, SPAN_HOURS);
  let x = seed;
  const next = () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x;
  };
  for (let i = 0; i < SPAN_HOURS - (seed % 7); i++) {
    if (next() % 5 === 0) continue;
    h.present[i] = next() % 4 === 0 ? 0 : 1;
    h.upMs[i] = h.present[i] ? next() % (H + 1) : 0;
    h.busyMs[i] = (h.upMs[i] as number) / 2;
    h.bytes[i] = next() * 1000;
    h.measuredMwh[i] = next() % 100_000;
    h.interpolatedMwh[i] = next() % 3;
    h.knownMs[i] = next() % (H + 1);
  }
  return [spanMs, encodeSpan(h) as Uint8Array];
}

const columns = (h: DeviceHours) => [
  h.startHourMs,
  ...[h.upMs, h.busyMs, h.bytes, h.measuredMwh, h.interpolatedMwh, h.knownMs, h.present].map((a) =>
    Array.from(a),
  ),
];

describe('assembleEarningsHours with reused buffers', () => {
  const stored = new Map([
    ['a', [span(1, S0), span(2, S0 + SPAN_MS)]],
    ['b', [span(3, S0 + SPAN_MS)]],
    ['c', []],
  ]);
  const spansOf = (id: string) => stored.get(id) ?? [];
  const from = S0 + 5 * H;
  const to = S0 + 2 * SPAN_MS - 3 * H;

  it('decodes into the given DeviceHours, zeroing what the spans leave out: equal to fresh arrays', () => {
    const fresh = assembleEarningsHours(['a', 'b', 'c'], from, to, spansOf);
    // Dirty buffers of an earlier read (another range start, every value set), as a caller hands back.
    const spent = [...assembleEarningsHours(['c', 'b', 'a'], from - 24 * H, to - 24 * H, spansOf).values()]
      .map((r) => r.hours)
      .map((h) => {
        for (const a of [h.upMs, h.busyMs, h.bytes, h.measuredMwh, h.interpolatedMwh, h.knownMs, h.present])
          a.fill(7);
        return h;
      });
    const reused = assembleEarningsHours(['a', 'b', 'a', 'c'], from, to, spansOf, spent);
    expect([...reused.keys()]).toEqual(['a', 'b', 'c']);
    for (const id of ['a', 'b', 'c']) {
      expect(columns(reused.get(id)?.hours as DeviceHours)).toEqual(
        columns(fresh.get(id)?.hours as DeviceHours),
      );
      expect(reused.get(id)?.lastRolledHourMs).toBe(fresh.get(id)?.lastRolledHourMs);
    }
    // No new arrays: each device took the next spent buffer in order.
    expect([...reused.values()].map((r) => r.hours)).toEqual(spent);
    expect(reused.get('a')?.hours).toBe(spent[0]);
    expect(reused.get('c')?.hours).toBe(spent[2]);
  });

  it('allocates when a buffer has another hour count or none is left', () => {
    const short = allocDeviceHours(from, 3);
    const got = assembleEarningsHours(['a', 'b'], from, to, spansOf, [short]);
    expect(got.get('a')?.hours).not.toBe(short);
    expect(got.get('a')?.hours.upMs.length).toBe((to - from) / H);
    const fresh = assembleEarningsHours(['a', 'b'], from, to, spansOf);
    expect(columns(got.get('b')?.hours as DeviceHours)).toEqual(
      columns(fresh.get('b')?.hours as DeviceHours),
    );
  });
});
