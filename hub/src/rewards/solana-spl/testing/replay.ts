import type { ReplayHandler, ReplayRequest } from '../../../http/testing/replay-server.js';
import { readJson } from '../../../http/testing/replay-server.js';
import { accountKey } from '../delta.js';
import type { SolanaTransaction } from '../schemas.js';

const testdata = (name: string) => new URL(`../testdata/${name}`, import.meta.url);
type RecordedTx = SolanaTransaction & { signature: string };

export const recordedTx = (name: string) => readJson(testdata(name)) as RecordedTx;
const docSignatures = readJson(testdata('solana-getSignaturesForAddress.json')) as { result: object[] };
const docTokenAccounts = readJson(testdata('solana-getTokenAccountsByOwner-docs-example.json')) as {
  result: {
    context: object;
    value: Array<{ pubkey: string; account: { data: { parsed: { info: object } } } }>;
  };
};

const rpc = (request: ReplayRequest) => request.body as { id: number; method: string; params: unknown[] };
const envelope = (id: number, result: unknown) => ({ body: { jsonrpc: '2.0', result, id } });

/** Replays recorded transactions for one owner and mint, as a Solana RPC node holding only them. */
export function replayTransactions(txs: RecordedTx[]): ReplayHandler {
  return (request) => {
    const { id, method, params } = rpc(request);
    const [first] = params as [string];
    if (method === 'getTransaction') return envelope(id, txs.find((tx) => tx.signature === first) ?? null);
    if (method === 'getSignaturesForAddress') {
      const template = docSignatures.result[0];
      const touching = txs.filter((tx) =>
        tx.transaction.message.accountKeys.some((k) => accountKey(k) === first),
      );
      const entries = touching
        .sort((a, b) => b.slot - a.slot)
        .map((tx) => ({
          ...template,
          signature: tx.signature,
          slot: tx.slot,
          err: tx.meta.err,
          blockTime: tx.blockTime,
        }));
      return envelope(id, entries);
    }
    if (method === 'getTokenAccountsByOwner') {
      const [, filter] = params as [string, { mint: string }];
      const [template] = docTokenAccounts.result.value;
      const seen = new Map<string, object>();
      for (const tx of txs) {
        for (const b of tx.meta.postTokenBalances ?? []) {
          const key = tx.transaction.message.accountKeys[b.accountIndex];
          if (b.owner !== first || b.mint !== filter.mint || !key || !template) continue;
          const info = {
            ...template.account.data.parsed.info,
            mint: b.mint,
            owner: b.owner,
            tokenAmount: b.uiTokenAmount,
          };
          const data = { ...template.account.data, parsed: { ...template.account.data.parsed, info } };
          seen.set(accountKey(key), {
            ...template,
            pubkey: accountKey(key),
            account: { ...template.account, data },
          });
        }
      }
      return envelope(id, { context: docTokenAccounts.result.context, value: [...seen.values()] });
    }
    return undefined;
  };
}

/** The three official doc examples, verbatim (ids rewritten to the request's). */
export const replayDocExamples: ReplayHandler = (request) => {
  const { id, method } = rpc(request);
  const file = {
    getSignaturesForAddress: 'solana-getSignaturesForAddress.json',
    getTransaction: 'solana-getTransaction-json-docs-example.json',
    getTokenAccountsByOwner: 'solana-getTokenAccountsByOwner-docs-example.json',
  }[method];
  return file ? { body: { ...(readJson(testdata(file)) as object), id } } : undefined;
};
