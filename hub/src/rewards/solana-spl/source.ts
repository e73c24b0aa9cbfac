import { ErrorCodes, getToken, NodetallyError, type TokenInfo } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { FetchResult, RewardEvent, RewardSource, SourceOptions } from '../types.js';
import { classify, type RewardRules } from './classify.js';
import { ownerDelta } from './delta.js';
import { type SolanaRpc, solanaRpc } from './rpc.js';
import { SignatureList, TokenAccounts, Transaction } from './schemas.js';

export const SOLANA_MAINNET_RPC = 'https://api.mainnet-beta.solana.com';

export interface SolanaSplOptions extends SourceOptions, RewardRules {
  /** Registry symbol: RENDER, GRASS, HONEY, IO, NOS, HNT, IOT, MOBILE. */
  token: string;
  /** Defaults to solana-spl/<symbol in lower case>. */
  id?: string;
  /** getSignaturesForAddress page size, 1..1000. */
  pageLimit?: number;
}

/** Newest signature read per address (the wallet and each of its token accounts for the mint). */
const CursorState = Type.Object({ until: Type.Record(Type.String(), Type.String()) });

const MAX_PAGES = 10_000;

/**
 * One SPL token's movements for an owner: signatures of the owner and of its token accounts for the
 * mint, then each transaction's pre/post token balances summed over the owner's accounts (BigInt).
 */
export class SolanaSplSource implements RewardSource {
  readonly id: string;
  readonly network: string;
  private readonly token: TokenInfo & { mint: string };
  private readonly rpc: SolanaRpc;
  private readonly pageLimit: number;

  constructor(private readonly options: SolanaSplOptions) {
    const token = getToken(options.token);
    if (token.chain !== 'solana' || !token.mint) {
      throw new NodetallyError(ErrorCodes.TOKEN_UNKNOWN, `${options.token} is not an SPL token`);
    }
    this.token = token as TokenInfo & { mint: string };
    this.id = options.id ?? `solana-spl/${token.symbol.toLowerCase()}`;
    this.network = token.network;
    this.rpc = solanaRpc(options.baseUrl ?? SOLANA_MAINNET_RPC, options.http);
    this.pageLimit = options.pageLimit ?? 1000;
  }

  async fetch(owner: string, cursor: string | null): Promise<FetchResult> {
    const until = { ...decodeCursor(this.id, cursor, CursorState)?.until };
    const accounts = await this.rpc(
      'getTokenAccountsByOwner',
      [owner, { mint: this.token.mint }, { encoding: 'jsonParsed', commitment: 'finalized' }],
      TokenAccounts,
    );
    const addresses = new Set([owner, ...accounts.value.map((a) => a.pubkey), ...Object.keys(until)]);
    const signatures = new Map<string, number>();
    for (const address of addresses) {
      const { newest, found } = await this.signaturesSince(address, until[address]);
      if (newest) until[address] = newest;
      for (const [signature, slot] of found) signatures.set(signature, slot);
    }
    const ordered = [...signatures].sort((a, b) => a[1] - b[1]).map(([signature]) => signature);
    const events: RewardEvent[] = [];
    for (const signature of ordered) {
      const event = await this.eventOf(owner, signature);
      if (event) events.push(event);
    }
    return { events, cursor: encodeCursor(this.id, { until }) };
  }

  /** Signatures newer than `until`, newest first across pages; failed transactions are left out. */
  private async signaturesSince(address: string, until: string | undefined) {
    const found = new Map<string, number>();
    let newest: string | undefined;
    let before: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const config = {
        limit: this.pageLimit,
        commitment: 'finalized',
        ...(before && { before }),
        ...(until && { until }),
      };
      const list = await this.rpc('getSignaturesForAddress', [address, config], SignatureList);
      let fresh = 0;
      for (const entry of list) {
        if (entry.signature === until) return { newest, found };
        newest ??= entry.signature;
        if (found.has(entry.signature)) continue;
        fresh++;
        if (entry.err === null || entry.err === undefined) found.set(entry.signature, entry.slot);
      }
      const last = list.at(-1);
      if (list.length < this.pageLimit || !last || fresh === 0) break;
      before = last.signature;
    }
    return { newest, found };
  }

  private async eventOf(owner: string, signature: string): Promise<RewardEvent | undefined> {
    const params = [
      signature,
      { encoding: 'jsonParsed', maxSupportedTransactionVersion: 0, commitment: 'finalized' },
    ];
    const tx = await this.rpc('getTransaction', params, Type.Union([Transaction, Type.Null()]));
    if (tx === null) {
      throw new NodetallyError(ErrorCodes.REWARDS_RESPONSE, `getTransaction ${signature}: not available yet`);
    }
    const delta = ownerDelta(tx, owner, this.token.mint);
    if (delta === 0n) return undefined;
    if (tx.blockTime === null) {
      throw new NodetallyError(ErrorCodes.REWARDS_RESPONSE, `getTransaction ${signature}: no blockTime`);
    }
    return {
      key: `solana:${signature}:${owner}:${this.token.mint}`,
      network: this.network,
      account: owner,
      token: this.token.symbol,
      amount: delta.toString(),
      ts: tx.blockTime * 1000,
      kind: classify(tx, this.token.mint, delta, this.options),
      ref: signature,
    };
  }
}
