import { ErrorCodes } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import { expectShape, requestJson } from '../../http/index.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { FetchResult, RewardEvent, RewardSource, SourceOptions } from '../types.js';

export const FLUX_BLOCKBOOK = 'https://blockbookflux.app.runonflux.io/api/v2';

const History = Type.Array(
  Type.Object({
    time: Type.Integer(),
    received: Type.String({ pattern: '^[0-9]+$' }),
    sentToSelf: Type.String({ pattern: '^[0-9]+$' }),
  }),
);
const CursorState = Type.Object({ from: Type.Integer() });

export interface FluxOptions extends SourceOptions {
  /** Bucket size in seconds; 86400 gives one event per UTC day. */
  groupBy?: number;
  /** Where a first sync starts (unix seconds). */
  startS?: number;
  now?: () => number;
}

/**
 * Inflows to a node's payment address from Blockbook's balancehistory, one event per closed bucket.
 * `received − sentToSelf` counts every outside payment, so the address should serve only the node.
 */
export class FluxSource implements RewardSource {
  readonly id = 'flux';
  readonly network = 'flux';
  private readonly baseUrl: string;

  constructor(private readonly options: FluxOptions = {}) {
    this.baseUrl = (options.baseUrl ?? FLUX_BLOCKBOOK).replace(/\/$/, '');
  }

  async fetch(address: string, cursor: string | null): Promise<FetchResult> {
    const groupBy = this.options.groupBy ?? 86_400;
    const from = decodeCursor(this.id, cursor, CursorState)?.from ?? this.options.startS ?? 0;
    const nowS = Math.floor((this.options.now ?? Date.now)() / 1000);
    // Only closed buckets: the open one would still grow after we stored it.
    const to = Math.floor(nowS / groupBy) * groupBy - 1;
    if (to < from) return { events: [], cursor: encodeCursor(this.id, { from }) };
    const url = `${this.baseUrl}/balancehistory/${address}?from=${from}&to=${to}&groupBy=${groupBy}`;
    const rows = expectShape(
      History,
      await requestJson(url, {}, this.options.http),
      ErrorCodes.REWARDS_RESPONSE,
      'Blockbook balancehistory',
    );
    const events: RewardEvent[] = [];
    for (const row of rows) {
      if (row.time < from || row.time > to) continue;
      const inflow = BigInt(row.received) - BigInt(row.sentToSelf);
      if (inflow <= 0n) continue;
      events.push({
        key: `flux:${address}:${groupBy}:${row.time}`,
        network: this.network,
        account: address,
        token: 'FLUX',
        amount: inflow.toString(),
        ts: row.time * 1000,
        kind: 'reward',
        ref: `balancehistory/${row.time}`,
      });
    }
    return { events, cursor: encodeCursor(this.id, { from: to + 1 }) };
  }
}
