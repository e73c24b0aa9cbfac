import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PricePoint } from '../../prices/types.js';
import type { RewardEvent } from '../../rewards/types.js';
import type { Store } from '../types.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 31, 0); // an hour boundary
const mark = (nowMs: number) => ({ nowMs, intervalMs: 900_000 });

// Store rows, not API responses: the shape is nodetally's own RewardEvent.
const event = (n: number, overrides: Partial<RewardEvent> = {}): RewardEvent => ({
  key: `solana:sig${n}:owner:mint`,
  network: 'helium',
  account: 'owner',
  token: 'HNT',
  amount: String(1000 * n),
  ts: T0 + n * 60_000,
  kind: 'reward',
  ref: `sig${n}`,
  ...overrides,
});
const price = (token: string, ts: number, value: string, source = 'coingecko'): PricePoint => ({
  token,
  currency: 'usd',
  ts,
  price: value,
  source,
});

/** Rewards, sync state and prices: part of every engine's contract suite. */
export function rewardStoreContract(engine: string, open: () => Promise<Store> | Store): void {
  describe(`store contract: ${engine} — rewards and prices`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores each event once: re-inserting the same keys is a no-op, even with other values', async () => {
      const first = await store.saveRewardBatch('helium', 'owner', [event(1), event(2)], 'c1', mark(10));
      expect(first).toEqual({ inserted: 2, duplicates: 0 });
      const again = await store.saveRewardBatch(
        'helium',
        'owner',
        [event(2, { amount: '999' }), event(3)],
        'c2',
        mark(20),
      );
      expect(again).toEqual({ inserted: 1, duplicates: 1 });
      const stored = await store.listRewardEvents();
      expect(stored.map((e) => [e.key, e.amount])).toEqual([
        ['solana:sig1:owner:mint', '1000'],
        ['solana:sig2:owner:mint', '2000'],
        ['solana:sig3:owner:mint', '3000'],
      ]);
      expect(stored[0]).toMatchObject({ source: 'helium', ts: T0 + 60_000, kind: 'reward', ref: 'sig1' });
    });

    it('keeps amounts beyond 2^53 exact (integer strings, never numbers)', async () => {
      const big = '-123456789012345678901234567890';
      await store.saveRewardBatch(
        'filecoin',
        'f01',
        [event(1, { amount: big, kind: 'other' })],
        'c',
        mark(1),
      );
      expect((await store.listRewardEvents())[0]?.amount).toBe(big);
    });

    it('saves the cursor in the same transaction as its events: a failing batch keeps neither', async () => {
      await store.saveRewardBatch('helium', 'owner', [event(1)], 'c1', mark(10));
      const broken = { ...event(2), kind: 'bogus' } as unknown as RewardEvent;
      await expect(
        store.saveRewardBatch('helium', 'owner', [event(3), broken], 'c-bad', mark(20)),
      ).rejects.toThrow();
      expect((await store.listRewardEvents()).map((e) => e.key)).toEqual(['solana:sig1:owner:mint']);
      expect(await store.getSyncState('helium', 'owner')).toMatchObject({
        cursor: 'c1',
        last_success_ms: 10,
      });
    });

    it('records failures without touching the cursor, and a success clears the failure count', async () => {
      expect(await store.getSyncState('akash', 'prov')).toBeNull();
      await store.recordSyncFailure('akash', 'prov', 'NT_ERR_HTTP_STATUS: 500', mark(5));
      await store.saveRewardBatch('akash', 'prov', [], 'cur', mark(10));
      await store.recordSyncFailure('akash', 'prov', 'NT_ERR_HTTP_RATE_LIMITED: 429', mark(20));
      await store.recordSyncFailure('akash', 'prov', 'NT_ERR_HTTP_RATE_LIMITED: 429', mark(30));
      expect(await store.getSyncState('akash', 'prov')).toEqual({
        source: 'akash',
        account: 'prov',
        cursor: 'cur',
        interval_ms: 900_000,
        last_attempt_ms: 30,
        last_success_ms: 10,
        last_failure_ms: 30,
        last_error: 'NT_ERR_HTTP_RATE_LIMITED: 429',
        consecutive_failures: 2,
      });
      await store.saveRewardBatch('akash', 'prov', [], 'cur2', mark(40));
      expect(await store.getSyncState('akash', 'prov')).toMatchObject({
        cursor: 'cur2',
        last_success_ms: 40,
        consecutive_failures: 0,
      });
      expect((await store.listSyncStates()).map((s) => s.source)).toEqual(['akash']);
    });

    it('upserts one price per (token, hour) and joins each event to its own hour’s price', async () => {
      await store.saveRewardBatch('helium', 'owner', [event(1), event(90)], 'c', mark(1));
      expect(await store.unpricedEventHours('usd')).toEqual([
        { token: 'HNT', hour_ms: T0 },
        { token: 'HNT', hour_ms: T0 + H },
      ]);
      await store.upsertPrices([price('HNT', T0 + 41_000, '1.5'), price('HNT', T0 + 50_000, '1.75', 'pyth')]);
      expect(await store.getPrice('HNT', 'usd', T0)).toBe('1.75');
      expect(await store.unpricedEventHours('usd')).toEqual([{ token: 'HNT', hour_ms: T0 + H }]);
      const [first, second] = await store.listRewardEvents();
      expect(first?.price).toBe('1.75');
      expect(second?.price).toBeNull();
      expect(await store.getPrice('HNT', 'eur', T0)).toBeNull();
      expect(await store.rewardTokens()).toEqual(['HNT']);
    });

    it('filters events by account, network or source, device link and time', async () => {
      await store.saveRewardBatch('helium', 'owner', [event(1), event(2)], 'c', mark(1));
      await store.saveRewardBatch(
        'solana-spl/render',
        'other',
        [event(3, { account: 'other', network: 'render', token: 'RENDER' })],
        'c',
        mark(1),
      );
      await store.addRewardAccount({ source: 'helium', account: 'owner', label: 'Hotspot' }, 1);
      expect(await store.linkRewardAccountDevice('helium', 'owner', 'pi-1')).toBe(true);
      expect(await store.linkRewardAccountDevice('helium', 'owner', 'pi-1')).toBe(false);
      const keys = async (f: Parameters<Store['listRewardEvents']>[0]) =>
        (await store.listRewardEvents(f)).map((e) => e.ref);
      expect(await keys({ account: 'other' })).toEqual(['sig3']);
      expect(await keys({ network: 'render' })).toEqual(['sig3']);
      expect(await keys({ network: 'solana-spl/render' })).toEqual(['sig3']);
      expect(await keys({ device: 'pi-1' })).toEqual(['sig1', 'sig2']);
      // A link is per (source, account): the same wallet under another source is another attribution.
      await store.addRewardAccount({ source: 'solana-spl/render', account: 'owner' }, 1);
      await store.linkRewardAccountDevice('solana-spl/render', 'owner', 'rig-1');
      expect(await keys({ device: 'rig-1' })).toEqual([]);
      expect(await keys({ fromMs: T0 + 120_000, toMs: T0 + 180_000 })).toEqual(['sig2']);
      expect(await keys({ limit: 1 })).toEqual(['sig1']);
    });

    it('reads earnings rewards: kind reward only, own-hour price in the currency, device, no page limit', async () => {
      const big = '123456789012345678901234567890';
      await store.saveRewardBatch(
        'helium',
        'owner',
        [
          event(2),
          event(1, { key: 'solana:b', amount: '1500', ts: T0 + 120_000 }), // same ms as event 2, key first
          event(3, { kind: 'other' }),
          event(70, { amount: big }),
          event(-1), // before the range
          event(120), // at its exclusive end
        ],
        'c',
        mark(1),
      );
      const render = event(4, { account: 'other', network: 'render', token: 'RENDER' });
      await store.saveRewardBatch('solana-spl/render', 'other', [render], 'c', mark(1));
      await store.upsertPrices([
        price('HNT', T0 + 5_000, '1.75'),
        { ...price('HNT', T0 + 6_000, '1.60'), currency: 'eur' },
        price('RENDER', T0 + H, '9'), // not the render event's hour
      ]);
      await store.addRewardAccount({ source: 'helium', account: 'owner' }, 1);
      await store.linkRewardAccountDevice('helium', 'owner', 'pi-1');
      const hnt = (amount: string, ts: number, p: string | null) => ({
        source: 'helium',
        network: 'helium',
        account: 'owner',
        token: 'HNT',
        amount,
        ts,
        price: p,
      });
      const range = { fromMs: T0, toMs: T0 + 120 * 60_000, currency: 'usd' };
      const read = await store.listEarningsRewards(range);
      expect(read).toEqual([
        hnt('1500', T0 + 120_000, '1.75'),
        hnt('2000', T0 + 120_000, '1.75'),
        {
          ...hnt('4000', T0 + 240_000, null),
          source: 'solana-spl/render',
          network: 'render',
          account: 'other',
          token: 'RENDER',
        },
        hnt(big, T0 + H + 600_000, null),
      ]);
      // The same events and prices as the paged general read, filtered to kind reward.
      const general = (await store.listRewardEvents(range)).filter((e) => e.kind === 'reward');
      expect(read.map((e) => [e.ts, e.amount, e.price])).toEqual(
        general.map((e) => [e.ts, e.amount, e.price]),
      );
      const inEur = await store.listEarningsRewards({ ...range, currency: 'eur' });
      expect(inEur.map((e) => e.price)).toEqual(['1.60', '1.60', null, null]);
      const ofDevice = await store.listEarningsRewards({ ...range, device: 'pi-1' });
      expect(ofDevice.map((e) => e.amount)).toEqual(['1500', '2000', big]);
      expect(await store.listEarningsRewards({ ...range, device: 'nobody' })).toEqual([]);
      // Past listRewardEvents' default page of 10,000: one call returns all.
      const many = Array.from({ length: 10_050 }, (_, i) =>
        event(1000 + i, { key: `k${i}`, ts: T0 + 2 * H + i, account: 'bulk' }),
      );
      await store.saveRewardBatch('helium', 'bulk', many, 'c', mark(2));
      const all = await store.listEarningsRewards({ ...range, toMs: T0 + 3 * H });
      expect(all.length).toBe(4 + 1 + 10_050); // event(120) is inside now
      expect(all.at(-1)?.ts).toBe(T0 + 2 * H + 10_049);
    });

    it('keeps accounts with their label, options and linked devices', async () => {
      await store.addRewardAccount(
        { source: 'akash', account: 'akash1p', options: { baseUrl: 'http://x' } },
        5,
      );
      await store.addRewardAccount({ source: 'helium', account: 'owner' }, 6);
      await store.addRewardAccount({ source: 'helium', account: 'owner', label: 'Roof' }, 7);
      await store.linkRewardAccountDevice('helium', 'owner', 'pi-2');
      await store.linkRewardAccountDevice('helium', 'owner', 'pi-1');
      expect(await store.listRewardAccounts()).toEqual([
        { source: 'akash', account: 'akash1p', label: null, options: { baseUrl: 'http://x' }, devices: [] },
        { source: 'helium', account: 'owner', label: 'Roof', options: null, devices: ['pi-1', 'pi-2'] },
      ]);
      await expect(store.linkRewardAccountDevice('flux', 'nobody', 'pi-1')).rejects.toThrow();
      expect(await store.unlinkRewardAccountDevice('helium', 'owner', 'pi-2')).toBe(true);
      expect(await store.unlinkRewardAccountDevice('helium', 'owner', 'pi-2')).toBe(false);
      expect((await store.listRewardAccounts())[1]?.devices).toEqual(['pi-1']);
    });
  });
}
