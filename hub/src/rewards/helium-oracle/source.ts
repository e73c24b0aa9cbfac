import { ErrorCodes } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import { expectShape, requestJson } from '../../http/index.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { FetchResult, RewardSource, SourceOptions } from '../types.js';

/** The lazy-distributor oracles per token (helium-program-library: shared-utils ORACLE_URL, migrate.sh). */
export const HELIUM_ORACLES = {
  HNT: 'https://hnt-rewards.oracle.helium.io',
  IOT: 'https://iot-rewards.oracle.helium.io',
  MOBILE: 'https://mobile-rewards.oracle.helium.io',
} as const;

const DAY_MS = 86_400_000;

/** distributor-oracle server.ts getCurrentRewardsHandler: `{ currentRewards }`, a BN's decimal string. */
const Answer = Type.Object({ currentRewards: Type.String({ pattern: '^(0|[1-9][0-9]*)$' }) });
const CursorState = Type.Object({ lifetime: Type.String({ pattern: '^[0-9]+$' }), day: Type.Integer() });

export interface HeliumOracleOptions extends SourceOptions {
  token?: keyof typeof HELIUM_ORACLES;
  /** What the account string is: the hotspot's asset id (default) or its entity key (b58). */
  accountIs?: 'assetId' | 'entityKey';
  now?: () => number;
}

/**
 * A hotspot's lifetime rewards as the rewards oracle reports them (`currentRewards`, base units), read
 * at most once per UTC day and differenced against the previous snapshot. This counts what a hotspot
 * earned whether or not anyone claimed it. The first snapshot is only the baseline: lifetime rewards
 * from before tracking began have no date, so they are not stored as an event.
 */
export class HeliumOracleSource implements RewardSource {
  readonly id: string;
  readonly network = 'helium';
  private readonly token: keyof typeof HELIUM_ORACLES;
  private readonly baseUrl: string;

  constructor(private readonly options: HeliumOracleOptions = {}) {
    this.token = options.token ?? 'HNT';
    this.id = this.token === 'HNT' ? 'helium-oracle' : `helium-oracle/${this.token.toLowerCase()}`;
    this.baseUrl = (options.baseUrl ?? HELIUM_ORACLES[this.token]).replace(/\/$/, '');
  }

  async fetch(hotspot: string, cursor: string | null): Promise<FetchResult> {
    const before = decodeCursor(this.id, cursor, CursorState);
    const nowMs = (this.options.now ?? Date.now)();
    const day = Math.floor(nowMs / DAY_MS) * DAY_MS;
    if (before && before.day >= day) return { events: [], cursor: encodeCursor(this.id, before) };
    const param = this.options.accountIs ?? 'assetId';
    const body = await requestJson(
      `${this.baseUrl}/?${new URLSearchParams({ [param]: hotspot })}`,
      {},
      this.options.http,
    );
    const { currentRewards } = expectShape(Answer, body, ErrorCodes.REWARDS_RESPONSE, 'Helium oracle');
    const next = encodeCursor(this.id, { lifetime: currentRewards, day });
    const earned = BigInt(currentRewards) - BigInt(before?.lifetime ?? currentRewards);
    // A lower lifetime (oracle re-keyed) becomes the new baseline rather than a negative reward.
    if (earned <= 0n) return { events: [], cursor: next };
    return {
      events: [
        {
          key: `helium-oracle:${this.token}:${hotspot}:${currentRewards}`,
          network: this.network,
          account: hotspot,
          token: this.token,
          amount: earned.toString(),
          ts: nowMs,
          kind: 'reward',
          ref: `oracle:${hotspot}:${day}`,
        },
      ],
      cursor: next,
    };
  }
}
