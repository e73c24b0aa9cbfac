import { type Static, Type } from '@sinclair/typebox';
import type { AlertMessage } from '../../message.js';
import { clip, postNotification } from '../http-post.js';
import type { Notifier, SendOptions } from '../types.js';

export const DiscordChannel = Type.Object(
  {
    type: Type.Literal('discord'),
    id: Type.Optional(Type.String({ minLength: 1 })),
    webhookUrl: Type.String({
      pattern: '^https?://',
      description: 'https://discord.com/api/webhooks/<id>/<token> (any base, for a proxy or a test server)',
    }),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  },
  { additionalProperties: false },
);
export type DiscordChannel = Static<typeof DiscordChannel>;

/**
 * Discord Execute Webhook: POST the webhook URL with `{content, allowed_mentions: {parse: []}}`
 * (no @everyone pings from device names); without `?wait=true` Discord answers 204 No Content.
 * 429 carries Retry-After (seconds), honoured by the retry. The webhook token is masked in errors.
 */
export function discordNotifier(config: DiscordChannel): Notifier {
  const ids = { channel: config.id ?? 'discord', type: 'discord' };
  const token = config.webhookUrl.split('/').filter(Boolean).at(-1) ?? '';
  return {
    ...ids,
    send(message: AlertMessage, options?: SendOptions) {
      const payload: Record<string, unknown> = {
        content: clip(`**${message.title}**\n${message.text}`, 2000),
        allowed_mentions: { parse: [] },
      };
      if (config.username) payload.username = config.username;
      return postNotification(
        ids,
        message,
        {
          url: config.webhookUrl,
          body: JSON.stringify(payload),
          headers: { 'content-type': 'application/json' },
          secrets: [token],
        },
        () => null,
        options,
      );
    },
  };
}
