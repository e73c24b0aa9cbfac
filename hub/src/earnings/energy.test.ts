import { describe, expect, it } from 'vitest';
import { buildCalendar } from './calendar.js';
import { type EnergyReading, energySlots } from './energy.js';
import { dailyEnergy } from './energy-day.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** Readings every minute at 120 W (2 Wh a minute) from `from` to `to` minutes after T0, one epoch. */
function steady(from: number, to: number, epoch = 'e1', startWh = 0, t0 = T0): EnergyReading[] {
  const out: EnergyReading[] = [];
  for (let m = from; m <= to; m++)
    out.push({ ts: t0 + m * MIN, energyWhTotal: startWh + 2 * (m - from), epochId: epoch, watts: 120 });
  return out;
}

const day = (readings: EnergyReading[], from = '2024-01-01', to = from, zone = 'UTC') => {
  const cal = buildCalendar(from, to, zone);
  return dailyEnergy(cal, energySlots(cal, readings));
};

describe('energy from counter readings', () => {
  it('a steady day: 1440 min × 2 Wh = 2880 Wh = 2.88 kWh, all measured', () => {
    const [d] = day(steady(0, 1440));
    expect(d).toMatchObject({
      measuredMwh: 2_880_000,
      interpolatedMwh: 0,
      unknownMs: 0,
      measuredKwh: '2.880000',
    });
  });

  it('counter restart: no negative, no double count; the 2-minute hole is interpolated', () => {
    // old epoch to 11:58 (718 min × 2 = 1436 Wh); new epoch starts at 0 at 12:00 → 720 min × 2 = 1440 Wh.
    // The pair 11:58 → 12:00 covers 0 Wh of an expected 120 W × 2 min = 4 Wh → 4 Wh interpolated.
    const readings = [...steady(0, 718, 'e1'), ...steady(720, 1440, 'e2')];
    const [d] = day(readings);
    expect(d).toMatchObject({ measuredMwh: 2_876_000, interpolatedMwh: 4_000, unknownMs: 0 });
  });

  it('a restart whose first reading already counted energy is measured, not doubled', () => {
    // new epoch first seen at 12:00 with 2 Wh (one minute since it started): covered 2 ≥ 0.5 × 4 expected
    const readings = [...steady(0, 718, 'e1'), ...steady(720, 1440, 'e2', 2)];
    const [d] = day(readings);
    expect(d).toMatchObject({ measuredMwh: 1_436_000 + 2_000 + 1_440_000, interpolatedMwh: 0, unknownMs: 0 });
  });

  it('a counter that goes backwards in one epoch is treated as a restart', () => {
    const readings = [...steady(0, 10, 'e1', 100), ...steady(11, 20, 'e1', 0)];
    // 10 min × 2 = 20 Wh; 10:11 pair: covered = new total 0 of expected 2 Wh → 2 Wh interpolated; then 18 Wh
    const [d] = day(readings);
    expect(d?.measuredMwh).toBe(38_000);
    expect(d?.interpolatedMwh).toBe(2_000);
  });

  it('a short gap the agent did not integrate (10 min, counter flat) is interpolated', () => {
    // 06:00 → 06:10 at 120 W = 20 Wh expected, 0 covered → 20 Wh interpolated; measured 2880 − 20
    const readings = [...steady(0, 360), ...steady(370, 1440, 'e1', 720)];
    const [d] = day(readings);
    expect(d).toMatchObject({
      measuredMwh: 2_860_000,
      interpolatedMwh: 20_000,
      interpolatedKwh: '0.020000',
      unknownMs: 0,
    });
  });

  it('a long gap (4 h, counter flat) is unknown, never zero-filled or invented', () => {
    const readings = [...steady(0, 360), ...steady(600, 1440, 'e1', 720)];
    const [d] = day(readings);
    // 2880 − 4 h × 120 Wh = 2400 Wh measured; 4 h unknown
    expect(d).toMatchObject({
      measuredMwh: 2_400_000,
      interpolatedMwh: 0,
      unknownMs: 4 * 3_600_000,
      unknownHours: 4,
    });
  });

  it('a gap the counter covered (samples lost in transit) is measured', () => {
    // 06:00 → 08:00: counter advanced 240 Wh = 120 W × 2 h → covered
    const readings = [...steady(0, 360), ...steady(480, 1440, 'e1', 720 + 240)];
    const [d] = day(readings);
    expect(d).toMatchObject({ measuredMwh: 2_880_000, unknownMs: 0 });
  });

  it('time before the first and after the last reading is unknown', () => {
    const [d] = day(steady(360, 1080)); // 06:00–18:00
    expect(d).toMatchObject({ measuredMwh: 1_440_000, unknownHours: 12 });
    const [none] = day([]);
    expect(none).toMatchObject({ measuredMwh: 0, unknownHours: 24 });
  });

  it('an interval across midnight is split by time, exactly', () => {
    // 23:30 → 00:30, 120 Wh delta: 60 Wh to each day
    const readings: EnergyReading[] = [
      { ts: T0 + 1410 * MIN, energyWhTotal: 10, epochId: 'e', watts: 120 },
      { ts: T0 + 1470 * MIN, energyWhTotal: 130, epochId: 'e', watts: 120 },
    ];
    const days = day(readings, '2024-01-01', '2024-01-02');
    expect(days.map((x) => x.measuredMwh)).toEqual([60_000, 60_000]);
    // split of an odd amount over 3 slots stays exact: 7 mWh over 00:10–00:40
    const odd = day([
      { ts: T0 + 10 * MIN, energyWhTotal: 0, epochId: 'e', watts: 0.014 },
      { ts: T0 + 40 * MIN, energyWhTotal: 0.007, epochId: 'e', watts: 0.014 },
    ]);
    expect(odd[0]?.measuredMwh).toBe(7);
  });

  it('DST days hold 23 and 25 hours of energy (Europe/Berlin)', () => {
    for (const [key, hours] of [
      ['2024-03-31', 23],
      ['2024-10-27', 25],
    ] as const) {
      const cal = buildCalendar(key, key, 'Europe/Berlin');
      const minutes = hours * 60;
      const [d] = dailyEnergy(cal, energySlots(cal, steady(0, minutes, 'e', 0, cal.startMs)));
      expect(d).toMatchObject({ measuredMwh: 2_000 * minutes, unknownMs: 0 }); // 23 h → 2760 Wh, 25 h → 3000 Wh
    }
  });
});
