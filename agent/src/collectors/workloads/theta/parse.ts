import type { ThetaWorkload } from '@nodetally/shared';
import { asObject, count, str } from '../json.js';

type ThetaFields = Omit<ThetaWorkload, 'network' | 'running' | 'source' | 'matched'>;

/** JSON-RPC `edgecore.GetStatus` result; heights and times are decimal strings, time in seconds. */
export function parseEdgeCoreStatus(json: unknown): ThetaFields | null {
  const result = asObject(asObject(json)?.result);
  if (!result) return null;
  const seconds = count(result, 'current_time');
  return {
    address: str(result, 'address'),
    chain_id: str(result, 'chain_id'),
    block_height: count(result, 'current_height'),
    node_time_ms: seconds === null ? null : seconds * 1000,
  };
}
