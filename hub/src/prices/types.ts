import type { HttpOptions } from '../http/index.js';

/**
 * A token's price at a time. `price` is an exact decimal string (e.g. "2.4567"), never a float kept
 * around: Pyth's integer × 10^expo is converted exactly, and CoinGecko's JSON number is taken as its
 * shortest round-trip decimal text. Money is then computed in integer micro-units (see decimal.ts).
 */
export interface PricePoint {
  token: string;
  /** Lower-case ISO code: usd, eur, … */
  currency: string;
  ts: number;
  price: string;
  source: string;
}

export interface PriceProvider {
  readonly id: string;
  /** Current prices; tokens the provider cannot price are left out, not guessed. */
  spot(tokens: readonly string[], currency?: string): Promise<PricePoint[]>;
  /** Prices between two UTC epoch ms, hourly where the provider offers it, oldest first. */
  history(token: string, fromMs: number, toMs: number, currency?: string): Promise<PricePoint[]>;
}

export interface ProviderOptions {
  baseUrl?: string;
  http?: HttpOptions;
}
