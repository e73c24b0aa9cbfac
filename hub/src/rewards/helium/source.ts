import { type SolanaSplOptions, SolanaSplSource } from '../solana-spl/source.js';

/** Programs whose transactions pay Helium rewards (program ids as they appear in the recorded transactions). */
export const HELIUM_REWARD_PROGRAMS = [
  // lazy-distributor: DistributeCustomDestinationV0 / distribute of hotspot rewards
  '1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w',
  // helium-sub-daos: ClaimRewardsV1 of delegated veHNT positions
  'hdaoVTCqhfHHo75XdAMxBKdUqvq1i5bF23sisBqVgGR',
] as const;

export type HeliumOptions = Omit<SolanaSplOptions, 'token' | 'id'> & { token?: 'HNT' | 'IOT' | 'MOBILE' };

/**
 * Helium rewards as they land on Solana: the SPL path for HNT (IOT / MOBILE for history), with the
 * lazy-distributor and sub-DAO claim programs marking inflows as rewards.
 */
export function heliumSource(options: HeliumOptions = {}): SolanaSplSource {
  const token = options.token ?? 'HNT';
  return new SolanaSplSource({
    ...options,
    token,
    id: token === 'HNT' ? 'helium' : `helium/${token.toLowerCase()}`,
    rewardPrograms: [...HELIUM_REWARD_PROGRAMS, ...(options.rewardPrograms ?? [])],
  });
}
