import { DAY_MS } from './zone.js';

/**
 * How a network normally pays, for the late-payout and earning-while-offline flags. A payout on day D
 * rewards the device's activity on days [D − lagDays − periodDays + 1, D − lagDays].
 * These are defaults from each network's public documentation of its reward epochs, to be checked
 * against the recorded reward histories; callers pass their own table to override any row.
 */
export interface Cadence {
  /** Normal time between payouts. */
  everyMs: number;
  periodDays: number;
  lagDays: number;
}

const daily: Cadence = { everyMs: DAY_MS, periodDays: 1, lagDays: 1 };
const weekly: Cadence = { everyMs: 7 * DAY_MS, periodDays: 7, lagDays: 0 };

export const DEFAULT_CADENCE: Readonly<Record<string, Cadence>> = {
  // Helium: rewards are computed per daily epoch for the previous day.
  helium: daily,
  // Render: payouts per weekly epoch.
  render: weekly,
  grass: weekly,
  hivemapper: weekly,
  'io-net': daily,
  // Nosana and Akash pay per job / lease withdrawal, at least daily on an active node.
  nosana: { everyMs: DAY_MS, periodDays: 1, lagDays: 0 },
  akash: { everyMs: DAY_MS, periodDays: 1, lagDays: 0 },
  flux: { everyMs: DAY_MS, periodDays: 1, lagDays: 0 },
  filecoin: { everyMs: DAY_MS, periodDays: 1, lagDays: 0 },
  theta: daily,
};

/** The cadence of a network: the caller's table first, then the defaults, then daily. */
export function cadenceOf(network: string, table: Readonly<Record<string, Cadence>> = {}): Cadence {
  return table[network] ?? DEFAULT_CADENCE[network] ?? daily;
}
