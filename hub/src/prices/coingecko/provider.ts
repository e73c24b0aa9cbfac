import { ErrorCodes, getToken, NodetallyError } from '@nodetally/shared';
import { type TSchema, Type } from '@sinclair/typebox';
import { expectShape, requestJson } from '../../http/index.js';
import { decimalFromNumber } from '../decimal.js';
import type { PricePoint, PriceProvider, ProviderOptions } from '../types.js';

export const COINGECKO_API = 'https://api.coingecko.com/api/v3';

export interface CoinGeckoOptions extends ProviderOptions {
  apiKey?: string;
  /** Demo keys go in x-cg-demo-api-key on api.coingecko.com; pro keys in x-cg-pro-api-key on pro-api. */
  plan?: 'demo' | 'pro';
  /** Overrides of the registry's CoinGecko ids, by token symbol. */
  ids?: Record<string, string>;
  now?: () => number;
}

const Range = Type.Object({ prices: Type.Array(Type.Tuple([Type.Number(), Type.Number()])) });

/** CoinGecko simple/price (spot) and coins/{id}/market_chart/range (hourly for 1–90 day ranges). */
export class CoinGeckoProvider implements PriceProvider {
  readonly id = 'coingecko';
  private readonly baseUrl: string;

  constructor(private readonly options: CoinGeckoOptions = {}) {
    this.baseUrl = (options.baseUrl ?? COINGECKO_API).replace(/\/$/, '');
  }

  private coinId(token: string): string | undefined {
    return this.options.ids?.[token] ?? getToken(token).coingeckoId;
  }

  private get<T extends TSchema>(path: string, schema: T) {
    const headers: Record<string, string> = {};
    if (this.options.apiKey) {
      headers[this.options.plan === 'pro' ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key'] = this.options.apiKey;
    }
    return requestJson(`${this.baseUrl}${path}`, { headers }, this.options.http).then((body) =>
      expectShape(schema, body, ErrorCodes.PRICES_RESPONSE, 'CoinGecko'),
    );
  }

  async spot(tokens: readonly string[], currency = 'usd'): Promise<PricePoint[]> {
    const ids = new Map<string, string>();
    for (const token of tokens) {
      const id = this.coinId(token);
      if (id) ids.set(token, id);
    }
    if (ids.size === 0) return [];
    const query = `ids=${[...new Set(ids.values())].join(',')}&vs_currencies=${currency}&include_last_updated_at=true`;
    const Entry = Type.Object(
      { last_updated_at: Type.Optional(Type.Integer()) },
      { additionalProperties: Type.Unknown() },
    );
    const body = await this.get(`/simple/price?${query}`, Type.Record(Type.String(), Entry));
    const points: PricePoint[] = [];
    for (const [token, id] of ids) {
      const entry = body[id] as Record<string, unknown> | undefined;
      const value = entry?.[currency];
      if (value === undefined) continue;
      if (typeof value !== 'number') {
        throw new NodetallyError(ErrorCodes.PRICES_RESPONSE, `CoinGecko ${id}.${currency} is not a number`);
      }
      const updated = entry?.last_updated_at;
      const ts = typeof updated === 'number' ? updated * 1000 : (this.options.now ?? Date.now)();
      points.push({ token, currency, ts, price: decimalFromNumber(value), source: this.id });
    }
    return points;
  }

  async history(token: string, fromMs: number, toMs: number, currency = 'usd'): Promise<PricePoint[]> {
    const id = this.coinId(token);
    if (!id) throw new NodetallyError(ErrorCodes.PRICES_UNAVAILABLE, `CoinGecko has no id for ${token}`);
    const from = Math.floor(fromMs / 1000);
    const to = Math.ceil(toMs / 1000);
    const body = await this.get(
      `/coins/${encodeURIComponent(id)}/market_chart/range?vs_currency=${currency}&from=${from}&to=${to}`,
      Range,
    );
    return body.prices
      .map(([ts, price]) => ({ token, currency, ts, price: decimalFromNumber(price), source: this.id }))
      .sort((a, b) => a.ts - b.ts);
  }
}
