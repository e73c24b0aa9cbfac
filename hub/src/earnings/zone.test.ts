import { describe, expect, it } from 'vitest';
import { buildCalendar, dayHours, dayIndexOf } from './calendar.js';
import { addDays, dayKeyOf, dayStartMs, daysInMonth, localDays } from './zone.js';

describe('local days', () => {
  it('UTC days by default', () => {
    expect(dayStartMs('2024-01-01')).toBe(Date.UTC(2024, 0, 1));
    expect(dayKeyOf(Date.UTC(2024, 0, 1, 23, 59))).toBe('2024-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysInMonth('2023-02-10')).toBe(28);
  });

  it('Berlin spring-forward day has 23 hours and fall-back 25', () => {
    // 2024-03-31: clocks 02:00 CET → 03:00 CEST. Day starts 00:00 CET = 23:00Z the day before.
    const [spring] = localDays('2024-03-31', '2024-03-31', 'Europe/Berlin');
    expect(spring?.startMs).toBe(Date.UTC(2024, 2, 30, 23));
    expect(spring?.endMs).toBe(Date.UTC(2024, 2, 31, 22)); // next midnight is CEST (+2)
    const [fall] = localDays('2024-10-27', '2024-10-27', 'Europe/Berlin');
    expect(((fall?.endMs ?? 0) - (fall?.startMs ?? 0)) / 3_600_000).toBe(25);
  });

  it('New York DST days in a calendar, with local hours per slot', () => {
    const cal = buildCalendar('2024-03-09', '2024-03-11', 'America/New_York');
    expect([0, 1, 2].map((i) => dayHours(cal, i))).toEqual([24, 23, 24]);
    // 2024-03-10 has no local hour 2: its slots' hours are 0, 1, 3, …, 23
    const hours = new Set<number>();
    for (let s = cal.daySlot[1] ?? 0; s < (cal.daySlot[2] ?? 0); s++) hours.add(cal.slotHour[s] ?? -1);
    expect(hours.has(2)).toBe(false);
    expect(hours.size).toBe(23);
    expect(cal.slotWeekday[cal.daySlot[1] ?? 0]).toBe(0); // a Sunday
    const fall = buildCalendar('2024-11-03', '2024-11-03', 'America/New_York');
    expect(dayHours(fall, 0)).toBe(25);
    expect(dayIndexOf(cal, Date.UTC(2024, 2, 10, 12))).toBe(1);
    expect(dayIndexOf(cal, Date.UTC(2020, 0, 1))).toBe(-1);
  });

  it('half-hour zones line up with 15-minute slots', () => {
    const cal = buildCalendar('2024-01-01', '2024-01-02', 'Asia/Kolkata');
    expect(cal.startMs).toBe(Date.UTC(2023, 11, 31, 18, 30));
    expect(cal.slotCount).toBe(192);
  });

  it('refuses an unknown zone', () => {
    expect(() => buildCalendar('2024-01-01', '2024-01-01', 'Mars/Olympus')).toThrow(RangeError);
  });
});
