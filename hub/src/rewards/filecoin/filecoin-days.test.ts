import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCodes } from '@nodetally/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { errorCodeOf, testHttp } from '../../http/testing/faults.js';
import { type ReplayServer, startReplay } from '../../http/testing/replay-server.js';
import { createSource } from '../accounts.js';
import { FilecoinSource } from './source.js';
import { derivedBody, MINER, RECORDED_DAY, recorded, replayDays } from './testing/recorded.js';

const DAY = 86_400_000;
const cursorDay = (cursor: string) => new Date(JSON.parse(cursor).state.day).toISOString().slice(0, 10);

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('filecoin (Spacescope) daily rows', () => {
  it('asks with the Bearer key and the documented query, via the configured base URL and key', async () => {
    const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
    const raw = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(recorded));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v2`;
      const account = { source: 'filecoin', account: MINER, label: null, devices: [] };
      const options = { startDate: RECORDED_DAY, now: () => Date.UTC(2022, 9, 2, 6) };
      const source = createSource({ ...account, options }, { spacescope: baseUrl }, testHttp, {
        spacescope: 'key-1',
      });
      const { events, cursor } = await source.fetch(MINER, null);
      expect(events).toEqual([]);
      expect(cursorDay(cursor)).toBe('2022-10-02');
      expect(seen).toHaveLength(1);
      expect(seen[0]?.url).toBe(`/v2/storage_provider/rewards?state_date=${RECORDED_DAY}&miner_id=${MINER}`);
      expect(seen[0]?.headers.authorization).toBe('Bearer key-1');
      // The same day again: nothing left to ask.
      expect((await source.fetch(MINER, cursor)).events).toEqual([]);
      expect(seen).toHaveLength(1);
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('asks a recent day without a row again until it is published; an old empty day is passed', async () => {
    const empty = { ...recorded, data: [] };
    const bodies: Record<string, unknown> = {
      '2022-09-25': empty,
      '2022-09-26': derivedBody('2022-09-26', 5, 1),
      '2022-09-27': { ...recorded, data: null },
      '2022-09-28': empty,
      '2022-09-29': empty,
      [RECORDED_DAY]: recorded,
    };
    server = await startReplay(replayDays(bodies));
    let now = Date.UTC(2022, 9, 2, 6);
    const options = { baseUrl: server.baseUrl, apiKey: 'k', startDate: '2022-09-25', now: () => now };
    const source = new FilecoinSource(options);
    bodies['2022-09-30'] = empty;
    const first = await source.fetch(MINER, null);
    expect(first.events.map((e) => e.key)).toEqual([`filecoin:${MINER}:2022-09-26`]);
    // 09-29 and 09-30 are young enough to be unpublished, but the real 10-01 row shows Spacescope is past them.
    expect(cursorDay(first.cursor)).toBe('2022-10-02');
    bodies['2022-10-02'] = empty;
    now += DAY;
    const second = await source.fetch(MINER, first.cursor);
    expect(second.events).toEqual([]);
    expect(cursorDay(second.cursor)).toBe('2022-10-02');
    bodies['2022-10-02'] = derivedBody('2022-10-02', 0.5, 1);
    const third = await source.fetch(MINER, second.cursor);
    expect(third.events).toMatchObject([
      { key: `filecoin:${MINER}:2022-10-02`, amount: '500000000000000000' },
    ]);
    expect(cursorDay(third.cursor)).toBe('2022-10-03');
  });

  it('reads at most maxDaysPerSync days per fetch and resumes from the cursor', async () => {
    const bodies: Record<string, unknown> = {};
    for (let d = 1; d <= 5; d++) bodies[`2022-10-0${d}`] = derivedBody(`2022-10-0${d}`, d, 1);
    server = await startReplay(replayDays(bodies));
    const now = () => Date.UTC(2022, 9, 6, 1);
    const source = new FilecoinSource({
      baseUrl: server.baseUrl,
      apiKey: 'k',
      startDate: '2022-10-01',
      maxDaysPerSync: 3,
      now,
    });
    const first = await source.fetch(MINER, null);
    const second = await source.fetch(MINER, first.cursor);
    expect([...first.events, ...second.events].map((e) => e.amount)).toEqual(
      ['1', '2', '3', '4', '5'].map((fil) => `${fil}${'0'.repeat(18)}`),
    );
    expect(first.events).toHaveLength(3);
    expect(cursorDay(second.cursor)).toBe('2022-10-06');
  });

  it('refuses an error code, a row of another day or miner, and a missing API key, with coded errors', async () => {
    const bodies: Record<string, unknown> = {
      [RECORDED_DAY]: { ...recorded, code: 40001, message: 'bad key' },
    };
    server = await startReplay(replayDays(bodies));
    const options = {
      baseUrl: server.baseUrl,
      http: testHttp,
      startDate: RECORDED_DAY,
      now: () => Date.UTC(2022, 9, 2),
    };
    const source = new FilecoinSource({ ...options, apiKey: 'k' });
    expect(await errorCodeOf(source.fetch(MINER, null))).toBe(ErrorCodes.REWARDS_RPC);
    bodies[RECORDED_DAY] = derivedBody('2022-09-30', 1, 1);
    expect(await errorCodeOf(source.fetch(MINER, null))).toBe(ErrorCodes.REWARDS_RESPONSE);
    bodies[RECORDED_DAY] = { ...recorded, data: [...recorded.data, ...recorded.data] };
    expect(await errorCodeOf(source.fetch(MINER, null))).toBe(ErrorCodes.REWARDS_RESPONSE);
    bodies[RECORDED_DAY] = derivedBody(RECORDED_DAY, -1, 0);
    expect(await errorCodeOf(source.fetch(MINER, null))).toBe(ErrorCodes.REWARDS_RESPONSE);
    const requests = server.requests.length;
    expect(await errorCodeOf(new FilecoinSource(options).fetch(MINER, null))).toBe(ErrorCodes.CONFIG_INVALID);
    expect(server.requests.length).toBe(requests);
  });

  it('starts lookbackDays before today by default and is registered as filecoin', async () => {
    server = await startReplay(replayDays({}));
    const now = () => Date.UTC(2022, 9, 2, 6);
    const source = new FilecoinSource({ baseUrl: server.baseUrl, apiKey: 'k', lookbackDays: 2, now });
    await expect(source.fetch(MINER, null)).rejects.toMatchObject({ code: ErrorCodes.HTTP_STATUS });
    expect(server.requests[0]?.url.searchParams.get('state_date')).toBe('2022-09-30');
    const account = { source: 'filecoin', account: MINER, label: null, devices: [], options: null };
    expect(createSource(account)).toMatchObject({ id: 'filecoin', network: 'filecoin' });
  });
});
