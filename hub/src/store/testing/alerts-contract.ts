import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertDeliveryRow, AlertHistoryRow, PendingAlertDelivery } from '../alert-types.js';
import type { Store } from '../types.js';

const history = (ts: number, to: AlertHistoryRow['to'], device = 'rig-1'): AlertHistoryRow => ({
  rule: 'offline',
  device_id: device,
  subject: null,
  from: to === 'firing' ? 'ok' : 'firing',
  to,
  message: `offline for ${ts} min`,
  ts_ms: ts,
});

const delivery = (ts: number, overrides: Partial<AlertDeliveryRow> = {}): AlertDeliveryRow => ({
  message_id: `offline:firing::${ts}`,
  rule: 'offline',
  message_status: 'firing',
  title: '[FIRING] rig-1: offline',
  channel: 'ops-hook',
  type: 'webhook',
  ok: true,
  attempts: 1,
  status_code: 204,
  remote_id: null,
  error_code: null,
  error_message: null,
  ts_ms: ts,
  ...overrides,
});

/** Alert state, history and deliveries: part of every engine's contract (called from contract.ts). */
export function alertStoreContract(engine: string, open: () => Promise<Store> | Store): void {
  describe(`alert store contract: ${engine}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps one engine state document, the last one saved', async () => {
      expect(await store.getAlertState()).toBeNull();
      const state = { v: 1, entries: { 'offline|rig-1|': { phase: 'firing', since: 5 } }, silences: [] };
      await store.saveAlertState(state, 10);
      expect(await store.getAlertState()).toEqual(state);
      await store.saveAlertState({ v: 1, entries: {}, silences: [{ id: 's', until: 99 }] }, 20);
      expect(await store.getAlertState()).toEqual({ v: 1, entries: {}, silences: [{ id: 's', until: 99 }] });
    });

    it('lists history newest first, ties in insertion order reversed, limited', async () => {
      await store.addAlertHistory([history(100, 'pending'), history(200, 'firing')]);
      await store.addAlertHistory([{ ...history(200, 'ok', 'rig-2'), subject: 'gpu0' }]);
      await store.addAlertHistory([]);
      const rows = await store.listAlertHistory(10);
      expect(rows.map((r) => [r.ts_ms, r.device_id, r.to])).toEqual([
        [200, 'rig-2', 'ok'],
        [200, 'rig-1', 'firing'],
        [100, 'rig-1', 'pending'],
      ]);
      expect(rows[0]).toEqual({ ...history(200, 'ok', 'rig-2'), subject: 'gpu0' });
      expect(await store.listAlertHistory(1)).toHaveLength(1);
    });

    it('stores deliveries with their outcome, newest first', async () => {
      const failed = delivery(300, {
        ok: false,
        attempts: 4,
        status_code: 502,
        error_code: 'NT_ERR_HTTP_STATUS',
        error_message: 'HTTP 502 from https://api.telegram.org/bot***/sendMessage',
        channel: 'telegram',
        type: 'telegram',
      });
      await store.addAlertDeliveries([delivery(100, { remote_id: '42' }), failed]);
      await store.addAlertDeliveries([]);
      expect(await store.listAlertDeliveries(10)).toEqual([failed, delivery(100, { remote_id: '42' })]);
      expect(await store.listAlertDeliveries(1)).toEqual([failed]);
    });

    it('commits state, history and queued deliveries together; a queued (message, channel) stays once', async () => {
      const message = { id: 'offline:firing:roof:5', title: '[FIRING] offline: 20 devices at roof' };
      await store.commitAlertStep({
        state: { v: 1, entries: {}, silences: [] },
        nowMs: 5,
        history: [history(5, 'firing')],
        outbox: [
          { message_id: message.id, channel: 'ops-hook', message },
          { message_id: message.id, channel: 'telegram', message },
        ],
      });
      // A retried commit of the same step (same ids) queues nothing twice.
      await store.commitAlertStep({
        state: { v: 1, entries: {}, silences: [{ id: 'x', until: 9 }] },
        nowMs: 6,
        history: [],
        outbox: [{ message_id: message.id, channel: 'ops-hook', message }],
      });
      expect(await store.getAlertState()).toEqual({ v: 1, entries: {}, silences: [{ id: 'x', until: 9 }] });
      expect(await store.listAlertHistory(10)).toEqual([history(5, 'firing')]);
      const pending = await store.listPendingAlertDeliveries();
      expect(pending.map((p) => [p.message_id, p.channel, p.attempts, p.next_ms, p.created_ms])).toEqual([
        [message.id, 'ops-hook', 0, 5, 5],
        [message.id, 'telegram', 0, 5, 5],
      ]);
      expect(pending[0]?.message).toEqual(message);
      const [hook, tg] = pending as [PendingAlertDelivery, PendingAlertDelivery];
      await store.finishAlertDelivery(hook.id, delivery(7, { message_id: message.id }), null);
      const failed = delivery(8, { message_id: message.id, channel: 'telegram', ok: false, attempts: 4 });
      await store.finishAlertDelivery(tg.id, failed, 68);
      expect(await store.listPendingAlertDeliveries()).toEqual([{ ...tg, attempts: 1, next_ms: 68 }]);
      expect((await store.listAlertDeliveries(10)).map((d) => [d.channel, d.ok])).toEqual([
        ['telegram', false],
        ['ops-hook', true],
      ]);
    });

    it('keeps the settings documents saved through the API, the last one per key', async () => {
      expect(await store.getAlertSettings('rules')).toBeNull();
      await store.saveAlertSettings('rules', { rules: { offline: { afterMinutes: 5 } } }, 10);
      await store.saveAlertSettings('channels', { channels: [] }, 11);
      await store.saveAlertSettings('rules', { rules: {} }, 12);
      expect(await store.getAlertSettings('rules')).toEqual({ value: { rules: {} }, updated_ms: 12 });
      expect(await store.getAlertSettings('channels')).toEqual({ value: { channels: [] }, updated_ms: 11 });
    });
  });
}
