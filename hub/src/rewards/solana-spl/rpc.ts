import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { expectShape, type HttpOptions, requestJson } from '../../http/index.js';

const Envelope = Type.Union([
  Type.Object({ jsonrpc: Type.Literal('2.0'), result: Type.Unknown() }),
  Type.Object({
    jsonrpc: Type.Literal('2.0'),
    error: Type.Object({ code: Type.Integer(), message: Type.String() }),
  }),
]);

export type SolanaRpc = <T extends TSchema>(
  method: string,
  params: unknown[],
  result: T,
) => Promise<Static<T>>;

/** Solana JSON-RPC 2.0 over the shared HTTP helper; an RPC `error` object becomes NT_ERR_REWARDS_RPC. */
export function solanaRpc(baseUrl: string, http: HttpOptions = {}): SolanaRpc {
  let id = 0;
  return async (method, params, result) => {
    const answer = await requestJson(baseUrl, { body: { jsonrpc: '2.0', id: ++id, method, params } }, http);
    const envelope = expectShape(Envelope, answer, ErrorCodes.REWARDS_RPC, `${method} JSON-RPC`);
    if ('error' in envelope) {
      throw new NodetallyError(
        ErrorCodes.REWARDS_RPC,
        `${method}: RPC error ${envelope.error.code}: ${envelope.error.message}`,
      );
    }
    if (!('result' in envelope)) {
      throw new NodetallyError(ErrorCodes.REWARDS_RPC, `${method}: JSON-RPC answer without result`);
    }
    return expectShape(result, envelope.result, ErrorCodes.REWARDS_RESPONSE, method);
  };
}
