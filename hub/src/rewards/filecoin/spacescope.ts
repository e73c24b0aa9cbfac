import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import { expectShape, type HttpOptions, requestJson } from '../../http/index.js';

export const SPACESCOPE_API = 'https://api.spacescope.io/v2';

/** Spacescope's envelope (docs.spacescope.io): `code` 0 and `message` "success." when it answered. */
const Envelope = Type.Object({ code: Type.Integer(), message: Type.Optional(Type.String()) });
/** storage_provider/rewards rows: `rewards` is NUMERIC FIL, sent as a JSON number. */
const Row = Type.Object({
  stat_date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}' }),
  miner_id: Type.String(),
  rewards: Type.Number({ minimum: 0 }),
});
/** `data` must be there; null is read as no rows (the docs do not say whether an empty day is [] or null). */
const Rows = Type.Union([Type.Array(Row), Type.Null()]);
export type RewardRow = (typeof Row)['static'];

export const isoDay = (dayMs: number) => new Date(dayMs).toISOString().slice(0, 10);

/**
 * One miner's row of one UTC day from `GET /storage_provider/rewards?state_date=&miner_id=`, or null when
 * Spacescope has no row for it (not published yet, or the miner did not exist). A row for another miner
 * or day, or several rows, mean the query was not answered as asked: a coded error, never a guess.
 */
export async function readRewardDay(
  baseUrl: string,
  apiKey: string,
  miner: string,
  dayMs: number,
  http?: HttpOptions,
): Promise<RewardRow | null> {
  const day = isoDay(dayMs);
  const query = new URLSearchParams({ state_date: day, miner_id: miner });
  const body = await requestJson(
    `${baseUrl}/storage_provider/rewards?${query}`,
    { headers: { authorization: `Bearer ${apiKey}` } },
    http,
  );
  const what = 'Spacescope storage_provider/rewards';
  const { code, message } = expectShape(Envelope, body, ErrorCodes.REWARDS_RESPONSE, what);
  if (code !== 0) {
    throw new NodetallyError(ErrorCodes.REWARDS_RPC, `${what} answered code ${code}: ${message ?? ''}`);
  }
  const rows = expectShape(Rows, (body as { data?: unknown }).data, ErrorCodes.REWARDS_RESPONSE, what) ?? [];
  const foreign = rows.find((row) => row.miner_id !== miner || row.stat_date.slice(0, 10) !== day);
  if (foreign || rows.length > 1) {
    throw new NodetallyError(
      ErrorCodes.REWARDS_RESPONSE,
      `${what}: asked for ${miner} on ${day}, got ${rows.map((r) => `${r.miner_id}@${r.stat_date}`).join(', ')}`,
    );
  }
  return rows[0] ?? null;
}
