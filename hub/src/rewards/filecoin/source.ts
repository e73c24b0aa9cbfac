import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import { jsonNumberToBaseUnits } from '../amount.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { FetchResult, RewardEvent, RewardSource, SourceOptions } from '../types.js';
import { isoDay, readRewardDay, SPACESCOPE_API } from './spacescope.js';

const DAY_MS = 86_400_000;
const FIL_DECIMALS = 18;
/** Next UTC day (epoch ms of its midnight) not yet settled. */
const CursorState = Type.Object({ day: Type.Integer() });

export interface FilecoinOptions extends SourceOptions {
  /** Spacescope API key, sent as `authorization: Bearer <key>` (hub: NODETALLY_SPACESCOPE_API_KEY). */
  apiKey?: string;
  /** First day of a first sync, `YYYY-MM-DD`; default `lookbackDays` before today. */
  startDate?: string;
  lookbackDays?: number;
  /** Days read per fetch at most (one request each); the cursor carries the rest to the next sync. */
  maxDaysPerSync?: number;
  /** A day without a row is asked again until it is this many days old (it may not be published yet). */
  publishLagDays?: number;
  now?: () => number;
}

/**
 * A storage provider's daily block rewards (FIL) from Spacescope, one request per closed UTC day, one
 * event per day with a positive `rewards` (attoFIL, exact). Vesting is not modelled: the figure is the
 * day's block reward as won, before the chain locks most of it to vest over 180 days.
 */
export class FilecoinSource implements RewardSource {
  readonly id = 'filecoin';
  readonly network = 'filecoin';
  private readonly baseUrl: string;

  constructor(private readonly options: FilecoinOptions = {}) {
    this.baseUrl = (options.baseUrl ?? SPACESCOPE_API).replace(/\/$/, '');
  }

  async fetch(miner: string, cursor: string | null): Promise<FetchResult> {
    const { apiKey, http } = this.options;
    const today = Math.floor((this.options.now ?? Date.now)() / DAY_MS) * DAY_MS;
    const start = decodeCursor(this.id, cursor, CursorState)?.day ?? this.firstDay(today);
    if (!apiKey) {
      throw new NodetallyError(
        ErrorCodes.CONFIG_INVALID,
        'filecoin: Spacescope needs an API key (NODETALLY_SPACESCOPE_API_KEY or the account option apiKey)',
      );
    }
    const last = Math.min(today - DAY_MS, start + ((this.options.maxDaysPerSync ?? 31) - 1) * DAY_MS);
    const settledBefore = today - (this.options.publishLagDays ?? 3) * DAY_MS;
    const events: RewardEvent[] = [];
    let next = start;
    for (let day = start; day <= last; day += DAY_MS) {
      const row = await readRewardDay(this.baseUrl, apiKey, miner, day, http);
      // A missing recent row may still be published; a later day's row shows Spacescope is past it.
      if (row || day < settledBefore) next = day + DAY_MS;
      if (!row) continue;
      const amount = jsonNumberToBaseUnits(row.rewards, FIL_DECIMALS);
      if (amount <= 0n) continue;
      events.push({
        key: `filecoin:${miner}:${isoDay(day)}`,
        network: this.network,
        account: miner,
        token: 'FIL',
        amount: amount.toString(),
        ts: day,
        kind: 'reward',
        ref: `spacescope:storage_provider/rewards:${miner}:${isoDay(day)}`,
      });
    }
    return { events, cursor: encodeCursor(this.id, { day: next }) };
  }

  private firstDay(today: number): number {
    const { startDate, lookbackDays } = this.options;
    if (startDate === undefined) return today - (lookbackDays ?? 30) * DAY_MS;
    const parsed = Date.parse(`${startDate}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate) || Number.isNaN(parsed)) {
      throw new NodetallyError(
        ErrorCodes.CONFIG_INVALID,
        `filecoin: startDate "${startDate}" is not YYYY-MM-DD`,
      );
    }
    return parsed;
  }
}
