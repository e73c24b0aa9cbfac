import { Value } from '@sinclair/typebox/value';
import { type EarningsSettings, EarningsSettingsSchema } from '../earnings/config-schema.js';
import { dayKeyOf } from '../earnings/zone.js';
import { EarningsConfigError, earningsPlan } from './settings.js';

/** The top-level earnings settings, each of which comes either from the config or from the saved overlay. */
export const SETTING_KEYS = [
  'timeZone',
  'currency',
  'tariffs',
  'fixedCosts',
  'hardware',
  'rewardSplits',
] as const satisfies readonly (keyof EarningsSettings)[];
export type SettingKey = (typeof SETTING_KEYS)[number];
export type SettingSources = Record<SettingKey, 'config' | 'saved'>;

export class EarningsSettingsError extends Error {
  readonly code = 'NT_ERR_SETTINGS_INVALID';
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
  }
}

/** The config's earnings keys only (the hub config carries many more). */
export function pickEarnings(config: EarningsSettings): EarningsSettings {
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, config[k]])) as EarningsSettings;
}

/** Config overlaid by the saved keys; unknown saved keys are ignored. */
export function overlaid(config: EarningsSettings, saved: Record<string, unknown>): EarningsSettings {
  const out: Record<string, unknown> = { ...pickEarnings(config) };
  for (const k of SETTING_KEYS) if (k in saved) out[k] = saved[k];
  return out as EarningsSettings;
}

export function sourcesOf(saved: Record<string, unknown>): SettingSources {
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, k in saved ? 'saved' : 'config'])) as SettingSources;
}

/** The keys of `next` that differ from the config: what is stored (a key equal to the config is the config). */
export function overlayOf(config: EarningsSettings, next: EarningsSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS)
    if (JSON.stringify(next[k]) !== JSON.stringify(config[k])) out[k] = structuredClone(next[k]);
  return out;
}

/**
 * Checks settings with the config's TypeBox schema and the engine's own checks (zone, tariff shape,
 * duplicate versions), every message prefixed with its path (`tariffs/0/pricePerKwh: …`).
 */
export function checkSettings(next: unknown): asserts next is EarningsSettings {
  const errors = [...Value.Errors(EarningsSettingsSchema, next)].map(
    (e) => `${e.path.slice(1) || '(root)'}: ${e.message}`,
  );
  if (errors.length > 0) throw new EarningsSettingsError(errors);
  try {
    earningsPlan(next as EarningsSettings);
  } catch (error) {
    if (error instanceof EarningsConfigError) throw new EarningsSettingsError([error.message]);
    throw error;
  }
}

/**
 * Tariff versions that took effect before today (in the new zone) may not change: they priced days
 * already shown, and a change of tariff is a new version from today or later. Returns the messages.
 */
export function historyChanges(prev: EarningsSettings, next: EarningsSettings, nowMs: number): string[] {
  const today = dayKeyOf(nowMs, next.timeZone);
  const past = (s: EarningsSettings) =>
    new Map(
      s.tariffs.filter((t) => t.effectiveFrom < today).map((t) => [t.effectiveFrom, JSON.stringify(t)]),
    );
  const before = past(prev);
  const after = past(next);
  const errors: string[] = [];
  for (const [from, t] of before)
    if (after.get(from) !== t)
      errors.push(
        `tariffs: the version effective from ${from} is in the past and may not be ${after.has(from) ? 'changed' : 'removed'}; add a version effective from ${today} or later`,
      );
  for (const [i, t] of next.tariffs.entries())
    if (t.effectiveFrom < today && !before.has(t.effectiveFrom))
      errors.push(
        `tariffs/${i}/effectiveFrom: ${t.effectiveFrom} is before today (${today}); a new version starts today or later`,
      );
  return errors;
}
