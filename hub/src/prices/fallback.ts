import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import type { PricePoint, PriceProvider } from './types.js';

export interface FallbackOptions {
  /** Spot prices are reused for this long (CoinGecko's public cache is 60 s). */
  spotTtlMs?: number;
  /** Bound on remembered history ranges; oldest dropped first. */
  maxHistoryEntries?: number;
  now?: () => number;
}

/**
 * Asks providers in order (CoinGecko, then Pyth): a token the first cannot price, or all tokens when it
 * fails, go to the next. Spot answers are cached for a short TTL; history ranges that ended in the past
 * never change, so they are kept (bounded).
 */
export class FallbackPrices implements PriceProvider {
  readonly id: string;
  private readonly spotCache = new Map<string, { point: PricePoint; at: number }>();
  private readonly historyCache = new Map<string, PricePoint[]>();

  constructor(
    private readonly providers: readonly PriceProvider[],
    private readonly options: FallbackOptions = {},
  ) {
    this.id = providers.map((p) => p.id).join('+');
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  async spot(tokens: readonly string[], currency = 'usd'): Promise<PricePoint[]> {
    const ttl = this.options.spotTtlMs ?? 60_000;
    const found = new Map<string, PricePoint>();
    for (const token of tokens) {
      const hit = this.spotCache.get(`${token}:${currency}`);
      if (hit && this.now() - hit.at < ttl) found.set(token, hit.point);
    }
    const failures: unknown[] = [];
    for (const provider of this.providers) {
      const missing = tokens.filter((t) => !found.has(t));
      if (missing.length === 0) break;
      try {
        for (const point of await provider.spot(missing, currency)) {
          found.set(point.token, point);
          this.spotCache.set(`${point.token}:${currency}`, { point, at: this.now() });
        }
      } catch (error) {
        failures.push(error);
      }
    }
    if (found.size === 0 && failures.length > 0) {
      throw new NodetallyError(ErrorCodes.PRICES_UNAVAILABLE, `no provider answered (${this.id})`, {
        cause: failures.length === 1 ? failures[0] : new AggregateError(failures),
      });
    }
    return tokens.flatMap((t) => found.get(t) ?? []);
  }

  async history(token: string, fromMs: number, toMs: number, currency = 'usd'): Promise<PricePoint[]> {
    const key = `${token}:${currency}:${fromMs}:${toMs}`;
    const cached = this.historyCache.get(key);
    if (cached) return cached;
    const failures: unknown[] = [];
    for (const provider of this.providers) {
      try {
        const points = await provider.history(token, fromMs, toMs, currency);
        if (points.length === 0) continue;
        if (toMs < this.now()) this.remember(key, points);
        return points;
      } catch (error) {
        failures.push(error);
      }
    }
    throw new NodetallyError(
      ErrorCodes.PRICES_UNAVAILABLE,
      `no ${token}/${currency} history from ${this.id}`,
      {
        cause: failures.length === 1 ? failures[0] : new AggregateError(failures),
      },
    );
  }

  private remember(key: string, points: PricePoint[]) {
    this.historyCache.set(key, points);
    const max = this.options.maxHistoryEntries ?? 1000;
    for (const oldest of this.historyCache.keys()) {
      if (this.historyCache.size <= max) break;
      this.historyCache.delete(oldest);
    }
  }
}
