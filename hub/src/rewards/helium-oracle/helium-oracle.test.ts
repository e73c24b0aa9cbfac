import { describe, expect, it } from 'vitest';
import type { ReplayHandler } from '../../http/testing/replay-server.js';
import { startReplay } from '../../http/testing/replay-server.js';
import { rewardSourceContract } from '../testing/contract.js';
import { HeliumOracleSource } from './source.js';

// NO RECORDED ORACLE ANSWER WAS FOUND. The body shape is the documented one — helium-program-library
// README "Oracle Architecture" (`{"currentRewards": ...}` for GET ?mint/assetId) and
// packages/distributor-oracle/src/server.ts (getCurrentRewardsHandler sends the DB's BN as a decimal
// string). The asset id and amounts below are made up for the test, not captured.
const ASSET = 'test-asset-id';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 3, 1, 6);
const lifetimeAnswer =
  (byDay: Record<number, string>, now: () => number): ReplayHandler =>
  (request) => {
    const lifetime = byDay[Math.floor(now() / DAY)];
    return request.url.pathname === '/' && request.url.searchParams.get('assetId') === ASSET && lifetime
      ? { body: { currentRewards: lifetime } }
      : undefined;
  };

rewardSourceContract(
  'helium-oracle',
  (baseUrl, http) => new HeliumOracleSource({ baseUrl, http, now: () => T0 }),
  [
    {
      name: 'documented {currentRewards} shape, synthetic values: the first snapshot is the baseline',
      account: ASSET,
      handler: lifetimeAnswer({ [Math.floor(T0 / DAY)]: '123456789' }, () => T0),
      expected: [],
    },
  ],
);

describe('helium-oracle daily snapshots', () => {
  it('stores the difference of lifetime rewards between days, once per day, exactly', async () => {
    let now = T0;
    const days = { [Math.floor(T0 / DAY)]: '123456789', [Math.floor(T0 / DAY) + 1]: '9007199254740993123' };
    const server = await startReplay(lifetimeAnswer(days, () => now));
    try {
      const source = new HeliumOracleSource({ baseUrl: server.baseUrl, now: () => now });
      const first = await source.fetch(ASSET, null);
      expect(first.events).toEqual([]);
      now += 3_600_000;
      const sameDay = await source.fetch(ASSET, first.cursor);
      expect(sameDay.events).toEqual([]);
      expect(server.requests).toHaveLength(1);
      now = T0 + DAY;
      const next = await source.fetch(ASSET, sameDay.cursor);
      expect(next.events).toEqual([
        {
          key: `helium-oracle:HNT:${ASSET}:9007199254740993123`,
          network: 'helium',
          account: ASSET,
          token: 'HNT',
          amount: (9007199254740993123n - 123456789n).toString(),
          ts: T0 + DAY,
          kind: 'reward',
          ref: `oracle:${ASSET}:${Math.floor((T0 + DAY) / DAY) * DAY}`,
        },
      ]);
      expect(await source.fetch(ASSET, next.cursor)).toEqual({ events: [], cursor: next.cursor });
    } finally {
      await server.close();
    }
  });

  it('takes a lower lifetime as a new baseline, never a negative reward', async () => {
    let now = T0;
    const days = { [Math.floor(T0 / DAY)]: '500', [Math.floor(T0 / DAY) + 1]: '200' };
    const server = await startReplay(lifetimeAnswer(days, () => now));
    try {
      const source = new HeliumOracleSource({ baseUrl: server.baseUrl, now: () => now });
      const first = await source.fetch(ASSET, null);
      now += DAY;
      const second = await source.fetch(ASSET, first.cursor);
      expect(second.events).toEqual([]);
      expect(JSON.parse(second.cursor).state.lifetime).toBe('200');
    } finally {
      await server.close();
    }
  });

  it('asks by entity key when told, and names IOT / MOBILE sources by token', async () => {
    const server = await startReplay((r) =>
      r.url.searchParams.get('entityKey') === ASSET ? { body: { currentRewards: '7' } } : undefined,
    );
    try {
      const source = new HeliumOracleSource({ baseUrl: server.baseUrl, accountIs: 'entityKey' });
      await expect(source.fetch(ASSET, null)).resolves.toMatchObject({ events: [] });
    } finally {
      await server.close();
    }
    expect(new HeliumOracleSource({ token: 'IOT' }).id).toBe('helium-oracle/iot');
    expect(new HeliumOracleSource().id).toBe('helium-oracle');
  });
});
