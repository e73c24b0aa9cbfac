import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import type { HttpOptions } from '../http/index.js';
import type { RewardAccountRecord } from '../store/reward-types.js';
import { rewardSources } from './registry.js';
import type { RewardSource, SourceOptions } from './types.js';

/** Base URLs by endpoint: one Solana RPC serves helium and every solana-spl source. */
export interface BaseUrls {
  solana?: string;
  akash?: string;
  flux?: string;
  theta?: string;
  /** Spacescope (filecoin). */
  spacescope?: string;
  coingecko?: string;
  pyth?: string;
}

/** Which `BaseUrls` key a source's endpoint is configured under. */
export function endpointOf(sourceId: string): keyof BaseUrls | undefined {
  if (sourceId === 'helium' || sourceId.startsWith('helium/') || sourceId.startsWith('solana-spl/')) {
    return 'solana';
  }
  if (sourceId === 'filecoin') return 'spacescope';
  return (['akash', 'flux', 'theta'] as const).find((key) => key === sourceId);
}

let networks: Map<string, string[]> | undefined;
/** Network name (render, hivemapper, …) → registry ids whose sources report that network. */
function networkIndex(): Map<string, string[]> {
  if (!networks) {
    networks = new Map();
    for (const [id, create] of Object.entries(rewardSources)) {
      const network = create({}).network;
      networks.set(network, [...(networks.get(network) ?? []), id]);
    }
  }
  return networks;
}

/**
 * The registry id for what a user wrote: a registry id (`solana-spl/render`, `helium`) or a network name
 * served by exactly one source (`render`, `hivemapper`, `io-net`).
 */
export function resolveSourceId(network: string): string {
  if (network in rewardSources) return network;
  const ids = networkIndex().get(network) ?? [];
  if (ids.length === 1 && ids[0]) return ids[0];
  const known = Object.keys(rewardSources).join(', ');
  throw new NodetallyError(
    ErrorCodes.CONFIG_INVALID,
    ids.length > 1
      ? `network ${network} is served by several sources (${ids.join(', ')}); name one`
      : `no reward source for ${JSON.stringify(network)}; known: ${known}`,
  );
}

/** API keys by endpoint, from the hub config (never stored with the account). */
export interface ApiKeys {
  spacescope?: string;
}

/**
 * The source for one stored account: the account's own options (reward payers / programs, baseUrl)
 * over the configured base URL and API key of its endpoint over the real public default.
 */
export function createSource(
  account: RewardAccountRecord,
  baseUrls: BaseUrls = {},
  http?: HttpOptions,
  apiKeys: ApiKeys = {},
): RewardSource {
  const create = rewardSources[account.source];
  if (!create) {
    throw new NodetallyError(ErrorCodes.CONFIG_INVALID, `no reward source ${account.source} in this hub`);
  }
  const endpoint = endpointOf(account.source);
  const baseUrl = endpoint ? baseUrls[endpoint] : undefined;
  const apiKey = endpoint === 'spacescope' ? apiKeys.spacescope : undefined;
  const options = {
    ...(baseUrl ? { baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(http ? { http } : {}),
    ...account.options,
  } as SourceOptions;
  return create(options);
}
