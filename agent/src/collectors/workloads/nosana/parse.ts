import type { NosanaWorkload } from '@nodetally/shared';
import { asObject, str } from '../json.js';

type NosanaFields = Omit<NosanaWorkload, 'network' | 'running' | 'source' | 'matched'>;

/**
 * Nosana node `GET /node/info` (nosana-cli ApiHandler → routes/get/node-info.ts): the NodeState info
 * `{node, uptime, state}` spread with `info` (specs). `uptime` is the start time (a serialised Date).
 */
export function parseNodeInfo(json: unknown, now = Date.now()): NosanaFields | null {
  const obj = asObject(json);
  const node = str(obj, 'node');
  if (!obj || node === null) return null;
  const started = Date.parse(str(obj, 'uptime') ?? '');
  return {
    node_address: node,
    node_state: str(obj, 'state'),
    node_uptime_s: Number.isFinite(started) && started <= now ? Math.round((now - started) / 1000) : null,
  };
}
