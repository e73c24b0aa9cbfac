import { ErrorCodes } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import { expectShape, requestJson } from '../../http/index.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { FetchResult, RewardEvent, RewardSource, SourceOptions } from '../types.js';

export const THETA_EXPLORER_API = 'https://explorer-api.thetatoken.org/api';

const Wei = Type.Object({
  thetawei: Type.String({ pattern: '^[0-9]+$' }),
  tfuelwei: Type.String({ pattern: '^[0-9]+$' }),
});
const Party = Type.Object({ address: Type.String(), coins: Wei });
const Tx = Type.Object({
  hash: Type.String(),
  type: Type.Integer(),
  timestamp: Type.String({ pattern: '^[0-9]+$' }),
  data: Type.Object({
    source: Type.Optional(Party),
    target: Type.Optional(Party),
    outputs: Type.Optional(Type.Array(Party)),
  }),
});
const TxList = Type.Object({
  type: Type.Literal('account_tx_list'),
  body: Type.Array(Tx),
  totalPageNumber: Type.Integer(),
  currentPageNumber: Type.Integer(),
});
const CursorState = Type.Object({ ts: Type.Integer(), hashes: Type.Array(Type.String()) });
type ThetaTx = (typeof Tx)['static'];

export interface ThetaOptions extends SourceOptions {
  /** 0 = coinbase (validator / guardian / elite-edge rewards), 5 = service payment (edge payouts). */
  types?: number[];
  pageSize?: number;
}

/** What one transaction paid `account`: outputs of a coinbase, or the source coins of a service payment. */
function credited(tx: ThetaTx, account: string): Array<{ symbol: 'TFUEL' | 'THETA'; wei: string }> {
  const same = (address: string) => address.toLowerCase() === account.toLowerCase();
  const parties =
    tx.type === 0
      ? (tx.data.outputs ?? []).filter((o) => same(o.address))
      : tx.type === 5 && tx.data.target && same(tx.data.target.address) && tx.data.source
        ? [tx.data.source]
        : [];
  return parties.flatMap(({ coins }) => [
    ...(coins.tfuelwei !== '0' ? [{ symbol: 'TFUEL' as const, wei: coins.tfuelwei }] : []),
    ...(coins.thetawei !== '0' ? [{ symbol: 'THETA' as const, wei: coins.thetawei }] : []),
  ]);
}

/** Theta explorer API `accounttx` pages of the account, per transaction type, newest first. */
export class ThetaSource implements RewardSource {
  readonly id = 'theta';
  readonly network = 'theta';
  private readonly baseUrl: string;

  constructor(private readonly options: ThetaOptions = {}) {
    this.baseUrl = (options.baseUrl ?? THETA_EXPLORER_API).replace(/\/$/, '');
  }

  async fetch(account: string, cursor: string | null): Promise<FetchResult> {
    const since = decodeCursor(this.id, cursor, CursorState) ?? { ts: 0, hashes: [] };
    const isNew = (tx: ThetaTx) =>
      Number(tx.timestamp) > since.ts ||
      (Number(tx.timestamp) === since.ts && !since.hashes.includes(tx.hash));
    const txs = new Map<string, ThetaTx>();
    for (const type of this.options.types ?? [0, 5]) {
      for (let page = 1, total = 1; page <= total; page++) {
        const query = `type=${type}&isEqualType=true&pageNumber=${page}&limitNumber=${this.options.pageSize ?? 50}`;
        const body = await requestJson(
          `${this.baseUrl}/accounttx/${account}?${query}`,
          {},
          this.options.http,
        );
        const list = expectShape(TxList, body, ErrorCodes.REWARDS_RESPONSE, 'Theta accounttx');
        total = list.totalPageNumber;
        const fresh = list.body.filter(isNew);
        for (const tx of fresh) txs.set(tx.hash, tx);
        if (fresh.length < list.body.length) break;
      }
    }
    const events: RewardEvent[] = [];
    for (const tx of txs.values()) {
      for (const { symbol, wei } of credited(tx, account)) {
        events.push({
          key: `theta:${tx.hash}:${account.toLowerCase()}:${symbol}`,
          network: this.network,
          account,
          token: symbol,
          amount: BigInt(wei).toString(),
          ts: Number(tx.timestamp) * 1000,
          kind: 'reward',
          ref: tx.hash,
        });
      }
    }
    const newest = Math.max(since.ts, ...[...txs.values()].map((tx) => Number(tx.timestamp)));
    const hashes = [
      ...txs.values(),
      ...(newest === since.ts ? since.hashes.map((hash) => ({ hash, timestamp: String(newest) })) : []),
    ]
      .filter((tx) => Number(tx.timestamp) === newest)
      .map((tx) => tx.hash);
    return { events, cursor: encodeCursor(this.id, { ts: newest, hashes: [...new Set(hashes)] }) };
  }
}
