import type { SplitRule } from '../earnings/attribution.js';
import type { EarningsSettings } from '../earnings/config-schema.js';
import type { Amortization, FixedCost } from '../earnings/fixed-costs.js';
import type { Tariff } from '../earnings/tariff.js';
import { assertZone } from '../earnings/zone.js';

/** The earnings settings turned into the engine's types, checked once (at hub start or in tests). */
export interface EarningsPlan {
  zone: string;
  /** Lower-case ISO code, as prices and tariffs carry it. */
  currency: string;
  tariffs: Tariff[];
  fixedCostsOf(device: string): FixedCost[];
  hardwareOf(device: string): Amortization | undefined;
  splitOf(network: string, account: string): SplitRule;
}

export class EarningsConfigError extends Error {
  readonly code = 'NT_ERR_EARNINGS_CONFIG';
}

function tariffOf(t: EarningsSettings['tariffs'][number], i: number, currency: string): Tariff {
  const at = `tariffs/${i}`;
  if (t.pricePerKwh !== undefined) {
    if (t.bands !== undefined || t.defaultPricePerKwh !== undefined)
      throw new EarningsConfigError(`${at}: give pricePerKwh (flat) or bands + defaultPricePerKwh, not both`);
    return { kind: 'flat', currency, effectiveFrom: t.effectiveFrom, pricePerKwh: t.pricePerKwh };
  }
  if (t.bands === undefined || t.defaultPricePerKwh === undefined)
    throw new EarningsConfigError(`${at}: a time-of-use tariff needs bands and defaultPricePerKwh`);
  for (const [k, b] of t.bands.entries()) {
    if (b.fromHour === b.toHour || b.fromHour > 23)
      throw new EarningsConfigError(`${at}/bands/${k}: fromHour must be 0–23 and differ from toHour`);
  }
  return {
    kind: 'tou',
    currency,
    effectiveFrom: t.effectiveFrom,
    defaultPricePerKwh: t.defaultPricePerKwh,
    bands: t.bands.map((b) => ({ ...b })),
  };
}

export function earningsPlan(settings: EarningsSettings): EarningsPlan {
  try {
    assertZone(settings.timeZone);
  } catch {
    throw new EarningsConfigError(`timeZone: unknown IANA zone ${JSON.stringify(settings.timeZone)}`);
  }
  const currency = settings.currency.toLowerCase();
  const tariffs = settings.tariffs.map((t, i) => tariffOf(t, i, currency));
  const froms = new Set(tariffs.map((t) => t.effectiveFrom));
  if (froms.size !== tariffs.length)
    throw new EarningsConfigError('tariffs: two versions share an effectiveFrom');
  const hardware = new Map<string, Amortization>();
  for (const [i, h] of settings.hardware.entries()) {
    if (hardware.has(h.device)) throw new EarningsConfigError(`hardware/${i}: ${h.device} appears twice`);
    hardware.set(h.device, { price: h.price, months: h.months, start: h.purchased });
  }
  for (const [i, s] of settings.rewardSplits.entries()) {
    if (s.rule === 'weights' && s.weights === undefined)
      throw new EarningsConfigError(`rewardSplits/${i}: rule "weights" needs weights`);
  }
  const splitsOf = new Map<string, EarningsSettings['rewardSplits']>();
  for (const x of settings.rewardSplits) splitsOf.set(x.account, [...(splitsOf.get(x.account) ?? []), x]);
  return {
    zone: settings.timeZone,
    currency,
    tariffs,
    fixedCostsOf: (device) =>
      settings.fixedCosts
        .filter((c) => c.devices === undefined || c.devices.includes(device))
        .map((c) => ({
          name: c.name,
          monthly: c.monthly,
          ...(c.from !== undefined ? { from: c.from } : {}),
          ...(c.to !== undefined ? { to: c.to } : {}),
        })),
    hardwareOf: (device) => hardware.get(device),
    splitOf: (network, account) => {
      // The first matching entry wins, as in the config's order; indexed, since a fleet asks per event.
      const s = (splitsOf.get(account) ?? []).find((x) => x.network === undefined || x.network === network);
      if (!s || s.rule === 'equal') return { kind: 'equal' };
      if (s.rule === 'weights') return { kind: 'weights', weights: s.weights ?? {} };
      return { kind: s.rule as 'uptime' | 'gpu-busy' | 'bandwidth' };
    },
  };
}

/** Settings with every default: no tariff (energy cost unknown), no fixed costs, UTC days. */
export const DEFAULT_EARNINGS: EarningsSettings = {
  timeZone: 'UTC',
  currency: 'USD',
  tariffs: [],
  fixedCosts: [],
  hardware: [],
  rewardSplits: [],
};
