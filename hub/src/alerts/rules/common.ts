import type { Sample } from '@nodetally/shared';
import { type TProperties, Type } from '@sinclair/typebox';
import type { DeviceInput, RuleCommon, Severity } from '../types.js';

const MIN = 60_000;

/** The TypeBox fields every rule has, with that rule's defaults. */
export function commonFields(d: RuleCommon) {
  return {
    enabled: Type.Boolean({ default: d.enabled }),
    minDurationMs: Type.Integer({
      minimum: 0,
      default: d.minDurationMs,
      description: 'the condition must hold this long before the alert fires',
    }),
    cooldownMs: Type.Integer({
      minimum: 0,
      default: d.cooldownMs,
      description: 'at most one message per device (and subject) per cool-down',
    }),
    severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')], {
      default: d.severity,
    }),
  } satisfies TProperties;
}

export const common = (
  severity: Severity,
  minDurationMs: number,
  cooldownMs: number,
  enabled = true,
): RuleCommon => ({ enabled, minDurationMs, cooldownMs, severity });

export const minutes = (n: number) => n * MIN;
export const hours = (n: number) => n * 60 * MIN;

/**
 * The latest sample when it is recent enough to describe the device now (3 of its intervals, at
 * least 5 minutes); null otherwise, so hardware rules say "no data" rather than resolve on silence.
 */
export function freshLatest(device: DeviceInput, now: number): Sample | null {
  const latest = device.recent.at(-1);
  if (!latest) return null;
  const intervalMs = (device.meta?.interval_s ?? 60) * 1000;
  return now - latest.ts <= Math.max(3 * intervalMs, minutes(5)) ? latest : null;
}

/** "12 min", "3 h 05 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const m = Math.floor(ms / MIN);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "2026-03-05 14:07 UTC". */
export const formatUtc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Integer micro-dollars as "$4.10" (rounded to the cent, half away from zero). */
export function formatMicros(micros: bigint): string {
  const neg = micros < 0n;
  const a = neg ? -micros : micros;
  const cents = (a + 5_000n) / 10_000n;
  return `${neg ? '−' : ''}$${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/** Bytes in binary units: "812.4 GiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
