import type { AkashWorkload } from '@nodetally/shared';
import { asObject, count, type Json, str } from '../json.js';

type AkashFields = Omit<AkashWorkload, 'network' | 'running' | 'source' | 'matched'>;

/** Sum of one resource over inventory entries; null when no entry carries it. */
function sum(entries: unknown, key: string): number | null {
  if (!Array.isArray(entries)) return null;
  let total: number | null = null;
  for (const entry of entries) {
    const value = count(asObject(entry), key);
    if (value !== null) total = (total ?? 0) + value;
  }
  return total !== null && Number.isSafeInteger(total) ? total : null;
}

/**
 * Provider gateway `GET /status` (legacy REST shape): cpu in millicores, memory and storage in bytes.
 * `active` lists what leases use; `available.nodes` what each node still has free.
 */
export function parseAkashStatus(json: unknown): AkashFields | null {
  const root = asObject(json);
  const cluster = asObject(root?.cluster);
  if (!root || !cluster) return null;
  const inventory: Json | null = asObject(cluster.inventory);
  const nodes = asObject(inventory?.available)?.nodes;
  return {
    provider_hostname: str(root, 'cluster_public_hostname'),
    leases: count(cluster, 'leases'),
    bid_orders: count(asObject(root.bidengine), 'orders'),
    manifest_deployments: count(asObject(root.manifest), 'deployments'),
    active_cpu_millicores: sum(inventory?.active, 'cpu'),
    active_memory_bytes: sum(inventory?.active, 'memory'),
    active_storage_bytes: sum(inventory?.active, 'storage_ephemeral'),
    available_cpu_millicores: sum(nodes, 'cpu'),
    available_memory_bytes: sum(nodes, 'memory'),
    available_storage_bytes: sum(nodes, 'storage_ephemeral'),
  };
}
