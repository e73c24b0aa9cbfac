import { ErrorCodes } from '@nodetally/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../http/index.js';
import { errorCodeOf, testHttp } from '../../http/testing/faults.js';
import { type ReplayHandler, type ReplayServer, startReplay } from '../../http/testing/replay-server.js';
import { isIntegerString } from '../amount.js';
import { checkRewardEvent } from '../event.js';
import type { RewardEvent, RewardSource } from '../types.js';

export interface RewardCase {
  /** Named after the testdata files it replays. */
  name: string;
  account: string;
  handler: ReplayHandler;
  /** Exactly the events the recorded responses hold (order does not matter). */
  expected: Array<Pick<RewardEvent, 'key' | 'token' | 'amount' | 'kind' | 'ts'>>;
}

const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
const summary = (events: RewardEvent[]) =>
  events.map(({ key, token, amount, kind, ts }) => ({ key, token, amount, kind, ts })).sort(byKey);

/**
 * Every reward source passes this suite (unstorage's testDriver pattern): each testdata case is a row,
 * replayed by a local HTTP server, clean and with injected faults.
 */
export function rewardSourceContract(
  kind: string,
  create: (baseUrl: string, http: HttpOptions) => RewardSource,
  cases: RewardCase[],
): void {
  describe.each(cases)(`reward source contract: ${kind} — $name`, (testCase) => {
    let server: ReplayServer;
    let source: RewardSource;
    beforeAll(async () => {
      server = await startReplay(testCase.handler);
      source = create(server.baseUrl, testHttp);
    });
    afterAll(() => server.close());
    beforeEach(() => server.setFault('none'));

    it('reads exactly the recorded events, each well formed with an exact integer amount', async () => {
      const { events, cursor } = await source.fetch(testCase.account, null);
      expect(summary(events)).toEqual([...testCase.expected].sort(byKey));
      for (const event of events) {
        expect(checkRewardEvent(event)).toEqual([]);
        expect(isIntegerString(event.amount)).toBe(true);
        expect(event.account).toBe(testCase.account);
        expect(event.network).toBe(source.network);
      }
      expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
      expect(typeof cursor).toBe('string');
    });

    it('a second fetch from the returned cursor adds nothing', async () => {
      const first = await source.fetch(testCase.account, null);
      const second = await source.fetch(testCase.account, first.cursor);
      const seen = new Set(first.events.map((e) => e.key));
      expect(second.events.filter((e) => seen.has(e.key))).toEqual([]);
      expect(second.events).toEqual([]);
    });

    it('retries a 429 (Retry-After honoured) and then reads the same events', async () => {
      const clean = await source.fetch(testCase.account, null);
      server.setFault('429-once');
      const retried = await source.fetch(testCase.account, null);
      expect(summary(retried.events)).toEqual(summary(clean.events));
      expect(server.requests.length).toBeGreaterThan(1);
    });

    it.each([
      ['500', ErrorCodes.HTTP_STATUS],
      ['garbage', ErrorCodes.HTTP_BODY],
      ['truncated', ErrorCodes.HTTP_BODY],
    ] as const)('a %s answer fails with a coded error and no events', async (fault, code) => {
      server.setFault(fault);
      expect(await errorCodeOf(source.fetch(testCase.account, null))).toBe(code);
    });

    it('an answer of another shape fails with a coded error, not garbage events', async () => {
      server.setFault('shape');
      expect([ErrorCodes.REWARDS_RESPONSE, ErrorCodes.REWARDS_RPC]).toContain(
        await errorCodeOf(source.fetch(testCase.account, null)),
      );
    });

    it('a failure after the first request returns nothing partial', async () => {
      await source.fetch(testCase.account, null);
      const requestsPerSync = server.requests.length;
      server.setFault('fail-after-first');
      if (requestsPerSync > 1) {
        expect(await errorCodeOf(source.fetch(testCase.account, null))).toBe(ErrorCodes.HTTP_STATUS);
      } else {
        await expect(source.fetch(testCase.account, null)).resolves.toBeDefined();
      }
    });

    it('refuses a cursor that is not its own', async () => {
      const foreign = JSON.stringify({ source: 'someone-else', state: {} });
      expect(await errorCodeOf(source.fetch(testCase.account, foreign))).toBe(ErrorCodes.REWARDS_CURSOR);
      expect(await errorCodeOf(source.fetch(testCase.account, '{oops'))).toBe(ErrorCodes.REWARDS_CURSOR);
    });
  });
}
