import type { AlertMessage } from '../message.js';
import type { ChannelConfig } from './config.js';
import { discordNotifier } from './discord/index.js';
import { emailNotifier } from './email/index.js';
import { ntfyNotifier } from './ntfy/index.js';
import { testMessage } from './payload.js';
import { slackNotifier } from './slack/index.js';
import { telegramNotifier } from './telegram/index.js';
import type { DeliveryResult, Notifier, SendOptions } from './types.js';
import { webhookNotifier } from './webhook/index.js';

export { ChannelConfig } from './config.js';
export type { DeliveryResult, Notifier, SendOptions } from './types.js';

/** The registry: one line per channel type. */
export function createNotifier(config: ChannelConfig): Notifier {
  switch (config.type) {
    case 'webhook':
      return webhookNotifier(config);
    case 'telegram':
      return telegramNotifier(config);
    case 'discord':
      return discordNotifier(config);
    case 'slack':
      return slackNotifier(config);
    case 'ntfy':
      return ntfyNotifier(config);
    case 'email':
      return emailNotifier(config);
  }
}

/**
 * Sends each message to every channel, channels in parallel, messages of one channel in order.
 * Never throws: every outcome is a `DeliveryResult` for the hub to store.
 */
export async function deliver(
  notifiers: readonly Notifier[],
  messages: readonly AlertMessage[],
  options?: SendOptions,
): Promise<DeliveryResult[]> {
  const perChannel = await Promise.all(
    notifiers.map(async (n) => {
      const results: DeliveryResult[] = [];
      for (const m of messages) results.push(await n.send(m, options));
      return results;
    }),
  );
  return perChannel.flat();
}

/** The "send test" action: one test message through one channel, with its delivery result. */
export function sendTest(config: ChannelConfig, options?: SendOptions): Promise<DeliveryResult> {
  const now = (options?.now ?? Date.now)();
  return createNotifier(config).send(testMessage(now), options);
}
