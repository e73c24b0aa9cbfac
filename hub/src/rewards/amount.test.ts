import { ErrorCodes } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { decimalToBaseUnits, isIntegerString, jsonNumberToBaseUnits } from './amount.js';

describe('amounts in base units', () => {
  it('converts decimal strings exactly', () => {
    expect(decimalToBaseUnits('13.780746', 6)).toBe(13_780_746n);
    expect(decimalToBaseUnits('4.826603000000000000', 6)).toBe(4_826_603n);
    expect(decimalToBaseUnits('16103302.30456159', 8)).toBe(1_610_330_230_456_159n);
    expect(decimalToBaseUnits('-0.5', 18)).toBe(-(5n * 10n ** 17n));
  });
  it('refuses precision it would have to round away, and non-numbers', () => {
    expect(() => decimalToBaseUnits('0.0000001', 6)).toThrow(
      expect.objectContaining({ code: ErrorCodes.AMOUNT_INVALID }),
    );
    expect(() => decimalToBaseUnits('1e5', 6)).toThrow(
      expect.objectContaining({ code: ErrorCodes.AMOUNT_INVALID }),
    );
  });
  it('takes JSON numbers as the decimal text they were sent as', () => {
    expect(jsonNumberToBaseUnits(0.1, 18)).toBe(10n ** 17n);
    expect(jsonNumberToBaseUnits(1.5e-7, 18)).toBe(150_000_000_000n);
    expect(jsonNumberToBaseUnits(0, 18)).toBe(0n);
  });
  it('recognises integer strings only', () => {
    expect(isIntegerString('-80731')).toBe(true);
    expect(['1.0', '01', '', '1e3', ' 1'].map(isIntegerString)).toEqual([false, false, false, false, false]);
  });
});
