import { ErrorCodes } from '@nodetally/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../http/index.js';
import { errorCodeOf, testHttp } from '../../http/testing/faults.js';
import { type ReplayHandler, type ReplayServer, startReplay } from '../../http/testing/replay-server.js';
import type { PricePoint, PriceProvider } from '../types.js';

export interface PriceCase {
  name: string;
  handler: ReplayHandler;
  /** Either a spot call or a history call, with exactly the points the recorded answer holds. */
  call: { spot: string[] } | { history: string; fromMs: number; toMs: number };
  expected: Array<Pick<PricePoint, 'token' | 'ts' | 'price'>>;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** Every price provider passes this suite; each testdata case is a row. */
export function priceProviderContract(
  kind: string,
  create: (baseUrl: string, http: HttpOptions) => PriceProvider,
  cases: PriceCase[],
): void {
  describe.each(cases)(`price provider contract: ${kind} — $name`, (testCase) => {
    let server: ReplayServer;
    let provider: PriceProvider;
    const call = () =>
      'spot' in testCase.call
        ? provider.spot(testCase.call.spot)
        : provider.history(testCase.call.history, testCase.call.fromMs, testCase.call.toMs);
    beforeAll(async () => {
      server = await startReplay(testCase.handler);
      provider = create(server.baseUrl, testHttp);
    });
    afterAll(() => server.close());
    beforeEach(() => server.setFault('none'));

    it('reads exactly the recorded prices as exact decimal strings', async () => {
      const points = await call();
      expect(points.map(({ token, ts, price }) => ({ token, ts, price }))).toEqual(testCase.expected);
      for (const p of points) {
        expect(p.price).toMatch(DECIMAL);
        expect(p.currency).toBe('usd');
        expect(p.source).toBe(provider.id);
      }
    });

    it('retries a 429 and then answers the same', async () => {
      const clean = await call();
      server.setFault('429-once');
      expect(await call()).toEqual(clean);
    });

    it.each([
      ['500', ErrorCodes.HTTP_STATUS],
      ['garbage', ErrorCodes.HTTP_BODY],
      ['truncated', ErrorCodes.HTTP_BODY],
      ['shape', ErrorCodes.PRICES_RESPONSE],
    ] as const)('a %s answer fails with a coded error', async (fault, code) => {
      server.setFault(fault);
      expect(await errorCodeOf(call())).toBe(code);
    });
  });
}
