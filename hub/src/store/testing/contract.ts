import type { Meta, Sample } from '@nodetally/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validSample } from '../../../../test/support/sample.js';
import type { Store } from '../types.js';
import { alertStoreContract } from './alerts-contract.js';
import { authStoreContract } from './auth-contract.js';
import { rewardStoreContract } from './rewards-contract.js';
import { rollupStoreContract } from './rollups-contract.js';
import { settingsStoreContract } from './settings-contract.js';

const sample = (deviceId: string, seq: number, overrides: Record<string, unknown> = {}) =>
  validSample({
    device_id: deviceId,
    seq,
    ts: Date.UTC(2026, 10, 23, 12) + seq * 1000,
    ...overrides,
  }) as Sample;

const meta = (deviceId: string): Meta => ({
  v: 1,
  device_id: deviceId,
  ts: Date.UTC(2026, 10, 23),
  hostname: 'rig',
  os: 'Debian GNU/Linux 12',
  kernel: '6.1.0',
  arch: 'x64',
  cpu_model: 'AMD EPYC',
  cpu_cores: 2,
  mem_total_bytes: 1024,
  agent_version: '0.1.0',
  interval_s: 15,
});

/**
 * Every store engine passes this suite (unstorage's testDriver pattern): the engine's test file
 * calls it with a factory for a fresh, empty store.
 */
export function storeContract(engine: string, open: () => Promise<Store> | Store): void {
  describe(`store contract: ${engine}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores each (device, seq) once and reports duplicates', async () => {
      const first = await store.insertSamples(
        [1, 2, 3].map((seq) => ({ sample: sample('a', seq), receivedMs: 1 })),
      );
      expect(first).toMatchObject({ inserted: 3, duplicates: 0 });
      expect(first.storedUpToSeq.get('a')).toBe(3);
      const again = await store.insertSamples(
        [2, 3, 4].map((seq) => ({ sample: sample('a', seq), receivedMs: 2 })),
      );
      expect(again).toMatchObject({ inserted: 1, duplicates: 2 });
      expect(again.storedUpToSeq.get('a')).toBe(4);
      expect(await store.countSamples('a')).toBe(4);
    });

    it('a seq handed out twice (same seq, other timestamp) is reported as reused, not stored or counted stored', async () => {
      await store.insertSamples([{ sample: sample('a', 1), receivedMs: 1 }]);
      const again = await store.insertSamples([
        { sample: sample('a', 1, { ts: Date.UTC(2026, 10, 24) }), receivedMs: 2 },
        { sample: sample('a', 2), receivedMs: 2 },
      ]);
      expect(again).toMatchObject({ inserted: 1, duplicates: 0, reused: [{ device_id: 'a', seq: 1 }] });
      expect(await store.countSamples('a')).toBe(2);
    });

    it('finds the contiguous stored run from a seq, stopping at the first hole', async () => {
      await store.insertSamples([1, 2, 3, 5, 6].map((seq) => ({ sample: sample('a', seq), receivedMs: 1 })));
      expect(await store.contiguousThrough('a', 1, 100)).toBe(3);
      expect(await store.contiguousThrough('a', 5, 100)).toBe(6);
      expect(await store.contiguousThrough('a', 2, 2)).toBe(2);
      expect(await store.contiguousThrough('a', 4, 100)).toBe(3);
      expect(await store.contiguousThrough('b', 1, 100)).toBe(0);
    });

    it("lists a device's samples in a time range, oldest first, limited", async () => {
      await store.insertSamples([3, 1, 2, 4].map((seq) => ({ sample: sample('a', seq), receivedMs: 1 })));
      await store.insertSamples([{ sample: sample('b', 2), receivedMs: 1 }]);
      const from = Date.UTC(2026, 10, 23, 12) + 2_000;
      const to = Date.UTC(2026, 10, 23, 12) + 4_000;
      expect((await store.listSamples('a', from, to, 10)).map((s) => s.seq)).toEqual([2, 3]);
      expect((await store.listSamples('a', 0, Number.MAX_SAFE_INTEGER, 3)).map((s) => s.seq)).toEqual([
        1, 2, 3,
      ]);
      expect((await store.listSamples('a', 0, Number.MAX_SAFE_INTEGER, 10))[0]).toEqual(sample('a', 1));
    });

    it('a duplicate never overwrites the stored row', async () => {
      await store.insertSamples([{ sample: sample('a', 1, { cpu_load_pct: 10 }), receivedMs: 1 }]);
      await store.insertSamples([{ sample: sample('a', 1, { cpu_load_pct: 99 }), receivedMs: 2 }]);
      const [device] = await store.listDevices();
      expect(device?.latest?.cpu_load_pct).toBe(10);
    });

    it('keeps the latest sample by seq even when batches arrive out of order', async () => {
      await store.insertSamples([{ sample: sample('a', 5, { cpu_load_pct: 50 }), receivedMs: 10 }]);
      await store.insertSamples([{ sample: sample('a', 4, { cpu_load_pct: 40 }), receivedMs: 20 }]);
      const [device] = await store.listDevices();
      expect(device).toMatchObject({ device_id: 'a', last_seq: 5, first_seen_ms: 10, last_seen_ms: 20 });
      expect(device?.latest?.cpu_load_pct).toBe(50);
      expect(await store.countSamples('a')).toBe(2);
    });

    it('lists devices with their meta and status', async () => {
      await store.insertSamples([{ sample: sample('b', 1), receivedMs: 5 }]);
      await store.upsertMeta(meta('b'), 6);
      await store.setStatus('b', 'online', 7);
      await store.setStatus('c', 'offline', 8);
      const devices = await store.listDevices();
      expect(devices.map((d) => d.device_id)).toEqual(['b', 'c']);
      expect(devices[0]).toMatchObject({ status: 'online', status_ts_ms: 7, meta: meta('b') });
      expect(devices[1]).toMatchObject({ status: 'offline', latest: null, meta: null });
    });

    it('an older status does not overwrite a newer one', async () => {
      await store.setStatus('d', 'online', 100);
      await store.setStatus('d', 'offline', 50);
      const [device] = await store.listDevices();
      expect(device?.status).toBe('online');
    });

    it('a batch is all or nothing', async () => {
      const bad = { sample: { ...sample('e', 2), boot_id: null } as unknown as Sample, receivedMs: 1 };
      await expect(store.insertSamples([{ sample: sample('e', 1), receivedMs: 1 }, bad])).rejects.toThrow();
      expect(await store.countSamples('e')).toBe(0);
      expect(await store.listDevices()).toEqual([]);
    });

    it('registers a device credential once, revokes it once', async () => {
      expect(await store.addDevice('rig-1', 'Garage rig', '$7$101$c2FsdA==$aGFzaA==', 10)).toBe(true);
      expect(await store.addDevice('rig-1', 'again', 'x', 11)).toBe(false);
      expect(await store.getCredential('rig-1')).toEqual({
        device_id: 'rig-1',
        token_hash: '$7$101$c2FsdA==$aGFzaA==',
        revoked_ms: null,
      });
      expect(await store.getCredential('nobody')).toBeNull();
      expect(await store.revokeDevice('rig-1', 20)).toBe(true);
      expect(await store.revokeDevice('rig-1', 21)).toBe(false);
      expect((await store.getCredential('rig-1'))?.revoked_ms).toBe(20);
      expect(await store.revokedSince(15)).toEqual(['rig-1']);
      expect(await store.revokedSince(25)).toEqual([]);
      const [device] = await store.listDevices();
      expect(device).toMatchObject({ device_id: 'rig-1', name: 'Garage rig', latest: null });
    });

    it('a device that reported before credentials were required can be given one, keeping its data', async () => {
      await store.insertSamples([{ sample: sample('seen', 1), receivedMs: 1 }]);
      expect(await store.getCredential('seen')).toBeNull();
      expect(await store.addDevice('seen', 'Old rig', 'hash', 2)).toBe(true);
      expect(await store.addDevice('seen', 'Thief', 'other', 3)).toBe(false);
      expect((await store.getCredential('seen'))?.token_hash).toBe('hash');
      expect(await store.countSamples('seen')).toBe(1);
    });

    it('an enrollment token works once and only before it expires', async () => {
      await store.addEnrollToken('h1', 100, 200);
      expect(await store.consumeEnrollToken('h1', 'dev-a', 150)).toBe(true);
      expect(await store.consumeEnrollToken('h1', 'dev-b', 160)).toBe(false);
      await store.addEnrollToken('h2', 100, 200);
      expect(await store.consumeEnrollToken('h2', 'dev-c', 200)).toBe(false);
      expect(await store.consumeEnrollToken('unknown', 'dev-d', 150)).toBe(false);
    });
  });
  rewardStoreContract(engine, open);
  alertStoreContract(engine, open);
  settingsStoreContract(engine, open);
  authStoreContract(engine, open);
  rollupStoreContract(engine, open);
}
