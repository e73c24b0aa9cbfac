import type { PendingAlertDelivery } from '../store/alert-types.js';
import type { Store } from '../store/types.js';
import { channelName } from './config.js';
import type { AlertMessage } from './message.js';
import type { ChannelConfig } from './notifiers/config.js';
import { createNotifier, type DeliveryResult, type SendOptions } from './notifiers/index.js';
import { deliveryRow } from './rows.js';

/** Wait before delivery round `attempts + 1` of a message a channel refused: 1, 2, 4 … 30 min. */
export const retryDelayMs = (attempts: number) => Math.min(60_000 * 2 ** attempts, 30 * 60_000);

export interface DrainOptions {
  channels: readonly ChannelConfig[];
  now: number;
  /** A refused message is tried again until it is this old (`deliveryRetryForMs`). */
  retryForMs: number;
  sendOptions?: SendOptions | undefined;
}

const gone = (p: PendingAlertDelivery, now: number): DeliveryResult => ({
  channel: p.channel,
  type: 'unknown',
  message_id: p.message_id,
  ok: false,
  attempts: 0,
  status: null,
  remote_id: null,
  error: { code: 'NT_ERR_ALERTS_CHANNEL_GONE', message: `channel ${p.channel} is no longer configured` },
  ts: now,
});

/**
 * Delivers the queued messages (the outbox the engine's step was committed with): channels in
 * parallel, each channel's messages in the order queued. Each outcome is stored with the removal of
 * its queue row in one transaction, so a message is sent again after a crash only when the hub died
 * while that very request was in flight. A refused message stays queued, with backoff, and holds the
 * channel's later messages back so a "resolved" never overtakes its "firing".
 */
export async function drainOutbox(store: Store, o: DrainOptions): Promise<DeliveryResult[]> {
  const byChannel = new Map<string, PendingAlertDelivery[]>();
  for (const p of await store.listPendingAlertDeliveries())
    byChannel.set(p.channel, [...(byChannel.get(p.channel) ?? []), p]);
  const results = await Promise.all(
    [...byChannel].map(async ([name, queue]) => {
      const out: DeliveryResult[] = [];
      const config = o.channels.find((c) => channelName(c) === name);
      const notifier = config ? createNotifier(config) : null;
      for (const p of queue) {
        if (p.next_ms > o.now) break;
        const message = p.message as AlertMessage;
        const result = notifier ? await notifier.send(message, o.sendOptions) : gone(p, o.now);
        const retry = notifier !== null && !result.ok && o.now - p.created_ms < o.retryForMs;
        await store.finishAlertDelivery(
          p.id,
          deliveryRow(result, message, message.status),
          retry ? o.now + retryDelayMs(p.attempts) : null,
        );
        out.push(result);
        if (retry) break;
      }
      return out;
    }),
  );
  return results.flat();
}
