import { describe, expect, it } from 'vitest';
import { cell, enabled, mhz, mibToBytes, num, pct, pstate, watts } from './values.js';

describe('nvidia-smi values', () => {
  it.each([
    '[N/A]',
    'N/A',
    '[Not Supported]',
    '[Insufficient Permissions]',
    '[Unknown Error]',
    '[Requested functionality has been deprecated]',
    'Requested functionality has been deprecated',
    '[Function Not Found]',
    '',
    '   ',
  ])('%j is null, never 0', (token) => {
    expect(cell(token)).toBeNull();
    expect(num(token)).toBeNull();
    expect(pct(token)).toBeNull();
    expect(watts(token)).toBeNull();
    expect(mibToBytes(token)).toBeNull();
    expect(enabled(token)).toBeNull();
  });

  it('reads numbers with or without their unit', () => {
    expect(num('69.85 W')).toBe(69.85);
    expect(num('69.85')).toBe(69.85);
    expect(num('27 C')).toBe(27);
    expect(pct('0 %')).toBe(0);
    expect(mhz('1980 MHz')).toBe(1980);
    expect(mibToBytes('81559 MiB')).toBe(81559 * 1024 * 1024);
  });

  it('drops readings outside what the schema allows instead of failing the sample', () => {
    expect(pct('120 %')).toBeNull();
    expect(watts('-1 W')).toBeNull();
    expect(num('0x0000000000000001')).toBeNull();
  });

  it('reads P-states and MIG mode', () => {
    expect(pstate('P8')).toBe('P8');
    expect(pstate('Requested functionality has been deprecated')).toBeNull();
    expect(enabled('Enabled')).toBe(true);
    expect(enabled('Disabled')).toBe(false);
  });
});
