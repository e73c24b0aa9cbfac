import { Tokens } from '@nodetally/shared';
import type { Decomposition } from '../earnings/decompose.js';
import { describe } from '../earnings/decompose.js';
import type { DeviceDay } from '../earnings/device-day.js';
import { mwhToKwh } from '../earnings/energy-day.js';
import type { Flag } from '../earnings/flags.js';
import { baseUnitsToDecimal, microsToDecimal } from '../rewards/format.js';

/** Money is shown as exact 6-decimal strings of the currency ("4.568000"); never floats. */
export const money = microsToDecimal;

/** Basis points → percent with two decimals ("-12.34"). */
export function percent(bp: bigint | null): string | null {
  if (bp === null) return null;
  const abs = bp < 0n ? -bp : bp;
  return `${bp < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export const tokenAmount = (token: string, units: bigint) => {
  const decimals = Tokens.get(token)?.decimals;
  return decimals === undefined ? null : baseUnitsToDecimal(units, decimals);
};

/** A period's sums: one day, a month, or the whole range. */
export function periodView(period: string, rows: readonly DeviceDay[]) {
  const sum = (f: (d: DeviceDay) => bigint) => rows.reduce((a, d) => a + f(d), 0n);
  const tokens = new Map<
    string,
    { network: string; token: string; units: bigint; value: bigint; now: bigint; unpriced: bigint }
  >();
  for (const d of rows)
    for (const t of d.tokens) {
      const key = `${t.network}/${t.token}`;
      const s = tokens.get(key) ?? {
        network: t.network,
        token: t.token,
        units: 0n,
        value: 0n,
        now: 0n,
        unpriced: 0n,
      };
      s.units += t.amount;
      s.value += t.valueMicros;
      s.now += t.valueNowMicros;
      s.unpriced += t.unpricedAmount;
      tokens.set(key, s);
    }
  const energyKnown = rows.every((d) => d.energyCostMicros !== null);
  const uptimes = rows.filter((d) => d.uptimeS !== null);
  return {
    period,
    gross: money(sum((d) => d.grossMicros)),
    gross_now: money(sum((d) => d.grossNowMicros)),
    energy_kwh: mwhToKwh(rows.reduce((a, d) => a + d.energy.measuredMwh + d.energy.interpolatedMwh, 0)),
    interpolated_kwh: mwhToKwh(rows.reduce((a, d) => a + d.energy.interpolatedMwh, 0)),
    unknown_energy_hours: rows.reduce((a, d) => a + d.energy.unknownMs, 0) / 3_600_000,
    energy_cost: energyKnown || rows.length === 0 ? money(sum((d) => d.energyCostMicros ?? 0n)) : null,
    fixed: money(sum((d) => d.fixedMicros)),
    amortization: money(sum((d) => d.amortizationMicros)),
    net: money(sum((d) => d.netMicros)),
    complete: rows.every((d) => d.complete),
    uptime_s: uptimes.length === 0 ? null : uptimes.reduce((a, d) => a + (d.uptimeS ?? 0), 0),
    tokens: [...tokens.values()].map((t) => ({
      network: t.network,
      token: t.token,
      amount: tokenAmount(t.token, t.units),
      amount_base_units: t.units.toString(),
      unpriced_base_units: t.unpriced.toString(),
      value: money(t.value),
      value_now: money(t.now),
    })),
  };
}

export function flagView(f: Flag) {
  switch (f.kind) {
    case 'healthy-but-not-earning':
      return {
        kind: f.kind,
        day: f.day,
        token: f.token,
        amount_base_units: f.amount.toString(),
        baseline_base_units: f.baseline.toString(),
      };
    case 'earning-while-offline':
      return {
        kind: f.kind,
        day: f.day,
        network: f.network,
        token: f.token,
        amount_base_units: f.amount.toString(),
        period_from: f.periodFrom,
        period_to: f.periodTo,
      };
    case 'late-payout':
      return {
        kind: f.kind,
        network: f.network,
        account: f.account,
        last_payout_ms: f.lastPayoutTs,
        overdue_ms: Number.isFinite(f.overdueMs) ? f.overdueMs : null,
      };
    case 'costs-more-than-it-earns':
      return { kind: f.kind, from: f.from, to: f.to, gross: money(f.grossMicros), cost: money(f.costMicros) };
  }
}

export function decompositionView(d: Decomposition) {
  return {
    baseline_net_per_day: money(d.baselineMicrosPerDay),
    recent_net_per_day: money(d.recentMicrosPerDay),
    total: money(d.totalMicros),
    total_percent: percent(d.totalBasisPoints),
    effects: d.effects.map((e) => ({
      name: e.name,
      amount: money(e.micros),
      percent: percent(e.basisPoints),
    })),
    text: describe(d),
  };
}

const CSV_HEADER = [
  'device',
  'day',
  'currency',
  'gross',
  'gross_now',
  'energy_kwh',
  'interpolated_kwh',
  'unknown_energy_hours',
  'energy_cost',
  'fixed',
  'amortization',
  'net',
  'complete',
  'uptime_s',
];

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Per-device per-day P&L, a header row first; money as exact 6-decimal strings, CRLF line ends. */
export function csv(days: ReadonlyMap<string, readonly DeviceDay[]>, currency: string): string {
  const lines = [CSV_HEADER.join(',')];
  for (const [device, rows] of [...days.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const d of rows) {
      const v = periodView(d.day, [d]);
      lines.push(
        [
          device,
          d.day,
          currency,
          v.gross,
          v.gross_now,
          v.energy_kwh,
          v.interpolated_kwh,
          String(v.unknown_energy_hours),
          v.energy_cost ?? '',
          v.fixed,
          v.amortization,
          v.net,
          String(v.complete),
          v.uptime_s === null ? '' : String(v.uptime_s),
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
