import type { DeviceDay, TokenTotal } from '../device-day.js';
import { mwhToKwh } from '../energy-day.js';

/** A DeviceDay with sensible zeros; override what a test is about. */
export function makeDay(
  day: string,
  over: Partial<Omit<DeviceDay, 'tokens'>> & { tokens?: Partial<TokenTotal>[] } = {},
): DeviceDay {
  const tokens: TokenTotal[] = (over.tokens ?? []).map((t) => ({
    network: t.network ?? 'helium',
    token: t.token ?? 'HNT',
    amount: t.amount ?? 0n,
    valueMicros: t.valueMicros ?? 0n,
    unpricedAmount: t.unpricedAmount ?? 0n,
    valueNowMicros: t.valueNowMicros ?? 0n,
  }));
  const gross = over.grossMicros ?? tokens.reduce((a, t) => a + t.valueMicros, 0n);
  const energy = over.energyCostMicros === undefined ? 0n : over.energyCostMicros;
  const fixed = over.fixedMicros ?? 0n;
  const amort = over.amortizationMicros ?? 0n;
  const operating = gross - (energy ?? 0n) - fixed;
  return {
    device: 'd1',
    day,
    hours: 24,
    currency: 'usd',
    grossNowMicros: gross,
    energy: {
      day,
      measuredMwh: 0,
      interpolatedMwh: 0,
      unknownMs: 0,
      measuredKwh: mwhToKwh(0),
      interpolatedKwh: mwhToKwh(0),
      unknownHours: 0,
    },
    uptimeS: 86_400,
    gpuBusyS: 0,
    bytes: 0n,
    complete: true,
    ...over,
    tokens,
    grossMicros: gross,
    energyCostMicros: energy,
    fixedMicros: fixed,
    amortizationMicros: amort,
    operatingMicros: operating,
    netMicros: operating - amort,
  };
}
