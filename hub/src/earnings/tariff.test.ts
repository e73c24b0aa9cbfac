import { describe, expect, it } from 'vitest';
import { buildCalendar } from './calendar.js';
import { type EnergyReading, energySlots } from './energy.js';
import { energyCostByDay, planTariff, type Tariff } from './tariff.js';

/** 120 W all day every minute across the calendar's days: 0.12 kWh an hour, 2.88 kWh a day. */
function steadyOver(fromMs: number, toMs: number): EnergyReading[] {
  const out: EnergyReading[] = [];
  for (let t = fromMs, wh = 0; t <= toMs; t += 60_000, wh += 2)
    out.push({ ts: t, energyWhTotal: wh, epochId: 'e', watts: 120 });
  return out;
}

const tou: Tariff = {
  kind: 'tou',
  currency: 'usd',
  effectiveFrom: '2024-01-01',
  defaultPricePerKwh: '0.10',
  bands: [{ days: [1, 2, 3, 4, 5], fromHour: 17, toHour: 21, pricePerKwh: '0.40' }],
};

describe('tariffs', () => {
  it('time of use on a Monday: peak 4 h × 0.12 kWh × 0.40 + off-peak 20 h × 0.12 × 0.10', () => {
    const cal = buildCalendar('2024-01-01', '2024-01-01');
    const slots = energySlots(cal, steadyOver(cal.startMs, cal.endMs));
    // 0.48 kWh × $0.40 = $0.192 ; 2.40 kWh × $0.10 = $0.240 ; total $0.432 = 432,000 µ$
    const [d] = energyCostByDay(cal, planTariff(cal, [tou]), slots);
    expect(d?.costMicros).toBe(432_000n);
  });

  it('a weekend day has no peak band: 2.88 kWh × 0.10 = 288,000 µ$', () => {
    const cal = buildCalendar('2024-01-06', '2024-01-06'); // Saturday
    const slots = energySlots(cal, steadyOver(cal.startMs, cal.endMs));
    expect(energyCostByDay(cal, planTariff(cal, [tou]), slots)[0]?.costMicros).toBe(288_000n);
  });

  it('a band wrapping midnight (22–6) applies to both ends of the day', () => {
    const night: Tariff = {
      ...tou,
      bands: [{ days: [0, 1, 2, 3, 4, 5, 6], fromHour: 22, toHour: 6, pricePerKwh: '0.05' }],
    };
    const cal = buildCalendar('2024-01-01', '2024-01-01');
    const slots = energySlots(cal, steadyOver(cal.startMs, cal.endMs));
    // 8 h × 0.12 × 0.05 = 0.048 ; 16 h × 0.12 × 0.10 = 0.192 ; total 0.240
    expect(energyCostByDay(cal, planTariff(cal, [night]), slots)[0]?.costMicros).toBe(240_000n);
  });

  it('a tariff change mid-month applies from its day on and leaves earlier days alone', () => {
    const v1: Tariff = { kind: 'flat', currency: 'usd', effectiveFrom: '2024-01-01', pricePerKwh: '0.10' };
    const v2: Tariff = { kind: 'flat', currency: 'usd', effectiveFrom: '2024-01-16', pricePerKwh: '0.20' };
    const cal = buildCalendar('2024-01-14', '2024-01-17');
    const slots = energySlots(cal, steadyOver(cal.startMs, cal.endMs));
    const before = energyCostByDay(cal, planTariff(cal, [v1]), slots).map((d) => d.costMicros);
    const after = energyCostByDay(cal, planTariff(cal, [v2, v1]), slots).map((d) => d.costMicros);
    // 2.88 kWh × 0.10 = 288,000 ; × 0.20 = 576,000
    expect(after).toEqual([288_000n, 288_000n, 576_000n, 576_000n]);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
  });

  it('energy before any tariff is in effect has unknown cost', () => {
    const t: Tariff = { kind: 'flat', currency: 'usd', effectiveFrom: '2024-01-02', pricePerKwh: '0.10' };
    const cal = buildCalendar('2024-01-01', '2024-01-02');
    const slots = energySlots(cal, steadyOver(cal.startMs, cal.endMs));
    expect(energyCostByDay(cal, planTariff(cal, [t]), slots).map((d) => d.costMicros)).toEqual([
      null,
      288_000n,
    ]);
  });

  it('TOU hours follow local time on a DST day (Berlin 2024-03-31, 23 h, Sunday)', () => {
    const sunday: Tariff = { ...tou, bands: [{ days: [0], fromHour: 0, toHour: 3, pricePerKwh: '1.00' }] };
    const cal = buildCalendar('2024-03-31', '2024-03-31', 'Europe/Berlin');
    const slots = energySlots(cal, steadyOver(cal.startMs, cal.endMs));
    // local hours 0, 1 (hour 2 does not exist) at $1.00: 0.24 kWh → 0.24 ; 21 h × 0.12 × 0.10 = 0.252
    expect(energyCostByDay(cal, planTariff(cal, [sunday]), slots)[0]?.costMicros).toBe(492_000n);
  });

  it('refuses a history that mixes currencies', () => {
    const cal = buildCalendar('2024-01-01', '2024-01-01');
    expect(() => planTariff(cal, [tou, { ...tou, currency: 'eur', effectiveFrom: '2024-02-01' }])).toThrow();
  });
});
