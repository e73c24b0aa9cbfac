import { validate } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { cronForInterval } from './schedule.js';

describe('cronForInterval', () => {
  it.each([
    [1, '* * * * * *'],
    [15, '*/15 * * * * *'],
    [30, '*/30 * * * * *'],
    [60, '0 * * * * *'],
    [300, '0 */5 * * * *'],
    [3600, '0 0 * * * *'],
  ])('%is -> %s, a valid node-cron expression', (interval, expected) => {
    expect(cronForInterval(interval)).toBe(expected);
    expect(validate(expected)).toBe(true);
  });

  it.each([0, -5, 7, 45, 90, 1.5, 7200])('refuses %s', (interval) => {
    expect(() => cronForInterval(interval)).toThrow(RangeError);
  });
});
