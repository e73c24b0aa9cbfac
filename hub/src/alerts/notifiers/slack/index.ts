import { type Static, Type } from '@sinclair/typebox';
import type { TextAnswer } from '../../../http/index.js';
import type { AlertMessage } from '../../message.js';
import { clip, postNotification, refused } from '../http-post.js';
import type { Notifier, SendOptions } from '../types.js';

export const SlackChannel = Type.Object(
  {
    type: Type.Literal('slack'),
    id: Type.Optional(Type.String({ minLength: 1 })),
    webhookUrl: Type.String({
      pattern: '^https?://',
      description: 'incoming webhook URL, https://hooks.slack.com/services/T…/B…/…',
    }),
  },
  { additionalProperties: false },
);
export type SlackChannel = Static<typeof SlackChannel>;

/** Slack mrkdwn needs &, < and > escaped as HTML entities; nothing else. */
export const slackEscape = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * Slack incoming webhook: POST `{"text": …}` as JSON; success is HTTP 200 with the plain-text body
 * `ok`; failures are 4xx with a plain-text code (`invalid_payload`, `no_text`, `channel_not_found`,
 * `channel_is_archived`, `action_prohibited`, `no_service`). The URL's secret path is masked.
 */
export function slackNotifier(config: SlackChannel): Notifier {
  const ids = { channel: config.id ?? 'slack', type: 'slack' };
  const secret = new URL(config.webhookUrl).pathname;
  return {
    ...ids,
    send(message: AlertMessage, options?: SendOptions) {
      const text = clip(`*${slackEscape(message.title)}*\n${slackEscape(message.text)}`, 39_000);
      return postNotification(
        ids,
        message,
        {
          url: config.webhookUrl,
          body: JSON.stringify({ text }),
          headers: { 'content-type': 'application/json' },
          secrets: secret.length > 1 ? [secret] : [],
        },
        readSlack,
        options,
      );
    },
  };
}

function readSlack(answer: TextAnswer): string | null {
  if (answer.text.trim() !== 'ok')
    throw refused(`Slack answered ${answer.status}: ${answer.text.slice(0, 80)}`);
  return null;
}
