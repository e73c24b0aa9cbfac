import type { DeviceDay } from './device-day.js';
import { roundDiv } from './money.js';

export interface TokenRates {
  network: string;
  token: string;
  amount: bigint;
  /** Base units per GPU-busy hour, rounded; null without GPU-busy time. */
  perGpuBusyHour: bigint | null;
  /** Base units per GB (10^9 bytes) served, rounded; null without bytes. */
  perGb: bigint | null;
}

export interface DeviceMetrics {
  /** Online seconds ÷ seconds of the days with telemetry, in basis points (10000 = 100 %). */
  uptimeBasisPoints: bigint | null;
  /** Gross micro-units per online hour, rounded; null without uptime. */
  grossPerOnlineHourMicros: bigint | null;
  tokens: TokenRates[];
}

/** Reconciliation figures over some days of one device; all rounded half away from zero once. */
export function deviceMetrics(days: readonly DeviceDay[]): DeviceMetrics {
  let up = 0n;
  let seconds = 0n;
  let busy = 0n;
  let bytes = 0n;
  let gross = 0n;
  const tokens = new Map<string, { network: string; token: string; amount: bigint }>();
  for (const d of days) {
    if (d.uptimeS !== null) {
      up += BigInt(Math.round(d.uptimeS));
      seconds += BigInt(Math.round(d.hours * 3600));
    }
    busy += BigInt(Math.round(d.gpuBusyS ?? 0));
    bytes += d.bytes ?? 0n;
    gross += d.grossMicros;
    for (const t of d.tokens) {
      const key = `${t.network}/${t.token}`;
      const s = tokens.get(key) ?? { network: t.network, token: t.token, amount: 0n };
      s.amount += t.amount;
      tokens.set(key, s);
    }
  }
  return {
    uptimeBasisPoints: seconds === 0n ? null : roundDiv(up * 10_000n, seconds),
    grossPerOnlineHourMicros: up === 0n ? null : roundDiv(gross * 3600n, up),
    tokens: [...tokens.values()]
      .sort((a, b) => (`${a.network}/${a.token}` < `${b.network}/${b.token}` ? -1 : 1))
      .map((t) => ({
        ...t,
        perGpuBusyHour: busy === 0n ? null : roundDiv(t.amount * 3600n, busy),
        perGb: bytes === 0n ? null : roundDiv(t.amount * 1_000_000_000n, bytes),
      })),
  };
}
