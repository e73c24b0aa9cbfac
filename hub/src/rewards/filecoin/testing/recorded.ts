import { type ReplayHandler, readJson } from '../../../http/testing/replay-server.js';

/** Spacescope's documented storage_provider/rewards "Response Example", verbatim (see its .source.txt). */
export const recorded = readJson(
  new URL('../testdata/filecoin-spacescope-storage-provider-rewards.json', import.meta.url),
) as { data: Array<Record<string, unknown>> };
export const MINER = 'f0110804';
export const RECORDED_DAY = '2022-10-01';

/**
 * A body for another day: the recorded example's exact structure with only its values changed —
 * `stat_date` and the numbers. SYNTHETIC VALUES, REAL FORMAT: no answer with a non-zero reward was found.
 */
export function derivedBody(day: string, rewards: number, blocks: number, wins = blocks) {
  const body = structuredClone(recorded);
  Object.assign(body.data[0] ?? {}, {
    stat_date: `${day}T00:00:00Z`,
    blocks_mined: blocks,
    win_count: wins,
    rewards,
  });
  return body;
}

/** Answers `GET /storage_provider/rewards?state_date=<day>&miner_id=MINER` from a body per day. */
export const replayDays =
  (bodies: Record<string, unknown>): ReplayHandler =>
  (request) => {
    const day = request.url.searchParams.get('state_date') ?? '';
    const body = bodies[day];
    return request.url.pathname === '/storage_provider/rewards' &&
      request.url.searchParams.get('miner_id') === MINER &&
      body !== undefined
      ? { body }
      : undefined;
  };
