import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../types.js';

/** Saved settings revisions: part of every engine's contract (called from contract.ts). */
export function settingsStoreContract(engine: string, open: () => Promise<Store> | Store): void {
  describe(`settings store contract: ${engine}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('nothing saved reads as null', async () => {
      expect(await store.getSavedSettings('earnings')).toBeNull();
    });

    it('each save is a new revision per key and reads return the newest', async () => {
      const tariffs = [{ effectiveFrom: '2024-01-01', pricePerKwh: '0.30' }];
      const first = await store.saveSettings('earnings', { tariffs }, 1_000);
      expect(first).toEqual({ key: 'earnings', value: { tariffs }, revision: 1, saved_ms: 1_000 });
      await store.saveSettings('alerts', { offline: { enabled: false } }, 1_500);
      const second = await store.saveSettings('earnings', { timeZone: 'Asia/Kolkata' }, 2_000);
      expect(second.revision).toBe(2);
      expect(await store.getSavedSettings('earnings')).toEqual({
        key: 'earnings',
        value: { timeZone: 'Asia/Kolkata' },
        revision: 2,
        saved_ms: 2_000,
      });
      expect((await store.getSavedSettings('alerts'))?.revision).toBe(1);
    });
  });
}
