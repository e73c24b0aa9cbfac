import type { RaspberryPi } from '@nodetally/shared';

export type ThrottleFlags = Omit<RaspberryPi, 'model' | 'soc_temp_c'>;

/** `throttled=0x50005` → 0x50005. Also accepts a bare hex or decimal value. */
export function parseGetThrottled(output: string): number | null {
  const match = /^(?:throttled=)?(0x[0-9a-f]+|\d+)$/i.exec(output.trim());
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) && value >= 0 && value <= 0xffffffff ? value : null;
}

const bit = (value: number, n: number) => (value & (1 << n)) !== 0;

/**
 * Bit meanings from the Raspberry Pi documentation (computers/os.adoc, "get_throttled"):
 * 0 under-voltage, 1 ARM frequency capped, 2 throttled, 3 soft temperature limit active;
 * 16–19 the same conditions, "has occurred" since boot.
 */
export function decodeThrottled(value: number | null): ThrottleFlags {
  if (value === null) {
    return {
      throttled_raw: null,
      under_voltage_now: null,
      freq_capped_now: null,
      throttled_now: null,
      soft_temp_limit_now: null,
      under_voltage_since_boot: null,
      freq_capped_since_boot: null,
      throttled_since_boot: null,
      soft_temp_limit_since_boot: null,
    };
  }
  return {
    throttled_raw: value,
    under_voltage_now: bit(value, 0),
    freq_capped_now: bit(value, 1),
    throttled_now: bit(value, 2),
    soft_temp_limit_now: bit(value, 3),
    under_voltage_since_boot: bit(value, 16),
    freq_capped_since_boot: bit(value, 17),
    throttled_since_boot: bit(value, 18),
    soft_temp_limit_since_boot: bit(value, 19),
  };
}
