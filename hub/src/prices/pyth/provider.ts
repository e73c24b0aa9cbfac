import { ErrorCodes, getToken, NodetallyError } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import { expectShape, requestJson } from '../../http/index.js';
import { decimalFromFixed } from '../decimal.js';
import type { PricePoint, PriceProvider, ProviderOptions } from '../types.js';

export const PYTH_HERMES = 'https://hermes.pyth.network';

export interface PythOptions extends ProviderOptions {
  /** Overrides of the registry's Pyth feed ids (hex, with or without 0x), by token symbol. */
  feedIds?: Record<string, string>;
  /** history() makes one request per hour; longer ranges are refused. */
  maxHistoryHours?: number;
}

const Updates = Type.Object({
  parsed: Type.Array(
    Type.Object({
      id: Type.String(),
      price: Type.Object({
        price: Type.String({ pattern: '^-?[0-9]+$' }),
        expo: Type.Integer(),
        publish_time: Type.Integer(),
      }),
    }),
  ),
});

const HOUR = 3_600_000;
const bare = (id: string) => id.replace(/^0x/, '').toLowerCase();

/** Pyth Hermes: latest price updates, and the update at a timestamp for history. Feeds are X/USD. */
export class PythProvider implements PriceProvider {
  readonly id = 'pyth';
  private readonly baseUrl: string;

  constructor(private readonly options: PythOptions = {}) {
    this.baseUrl = (options.baseUrl ?? PYTH_HERMES).replace(/\/$/, '');
  }

  private feedId(token: string): string | undefined {
    const id = this.options.feedIds?.[token] ?? getToken(token).pythFeedId;
    return id ? bare(id) : undefined;
  }

  private async updates(path: string, feeds: Map<string, string>): Promise<PricePoint[]> {
    const query = [...new Set(feeds.values())].map((id) => `ids[]=${id}`).join('&');
    const body = await requestJson(`${this.baseUrl}${path}?${query}&parsed=true`, {}, this.options.http);
    const { parsed } = expectShape(Updates, body, ErrorCodes.PRICES_RESPONSE, 'Pyth Hermes');
    const points: PricePoint[] = [];
    for (const [token, id] of feeds) {
      const update = parsed.find((p) => bare(p.id) === id);
      if (!update) continue;
      const { price, expo, publish_time } = update.price;
      points.push({
        token,
        currency: 'usd',
        ts: publish_time * 1000,
        price: decimalFromFixed(price, expo),
        source: this.id,
      });
    }
    return points;
  }

  async spot(tokens: readonly string[], currency = 'usd'): Promise<PricePoint[]> {
    if (currency !== 'usd') return [];
    const feeds = new Map<string, string>();
    for (const token of tokens) {
      const id = this.feedId(token);
      if (id) feeds.set(token, id);
    }
    return feeds.size === 0 ? [] : this.updates('/v2/updates/price/latest', feeds);
  }

  async history(token: string, fromMs: number, toMs: number, currency = 'usd'): Promise<PricePoint[]> {
    const id = this.feedId(token);
    if (!id || currency !== 'usd') {
      throw new NodetallyError(
        ErrorCodes.PRICES_UNAVAILABLE,
        `Pyth has no ${token}/${currency} feed configured`,
      );
    }
    const first = Math.ceil(fromMs / HOUR) * HOUR;
    const hours = Math.floor((toMs - first) / HOUR) + 1;
    if (hours > (this.options.maxHistoryHours ?? 24 * 7)) {
      throw new NodetallyError(
        ErrorCodes.PRICES_UNAVAILABLE,
        `Pyth history of ${hours} hours is too long a range`,
      );
    }
    const points: PricePoint[] = [];
    for (let t = first; t <= toMs; t += HOUR) {
      points.push(...(await this.updates(`/v2/updates/price/${t / 1000}`, new Map([[token, id]]))));
    }
    return points;
  }
}
