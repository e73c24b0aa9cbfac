import { rewardSources } from '../../rewards/registry.js';

const cache = new Map<string, string>();

/** The network a reward source reports (`solana-spl/render` → `render`); the id itself when unknown. */
export function networkOfSource(sourceId: string): string {
  let network = cache.get(sourceId);
  if (network === undefined) {
    const create = rewardSources[sourceId];
    network = create ? create({}).network : sourceId;
    cache.set(sourceId, network);
  }
  return network;
}
