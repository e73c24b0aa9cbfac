import { createHmac } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import type { AlertMessage } from '../../message.js';
import { postNotification } from '../http-post.js';
import { alertJson } from '../payload.js';
import type { Notifier, SendOptions } from '../types.js';

export const WebhookChannel = Type.Object(
  {
    type: Type.Literal('webhook'),
    id: Type.Optional(Type.String({ minLength: 1 })),
    url: Type.String({ pattern: '^https?://', description: 'receiver URL; JSON is POSTed to it' }),
    secret: Type.Optional(
      Type.String({
        minLength: 16,
        description: 'HMAC-SHA256 key; signs the raw body (X-Nodetally-Signature-256)',
      }),
    ),
    headers: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'extra request headers' }),
    ),
  },
  { additionalProperties: false },
);
export type WebhookChannel = Static<typeof WebhookChannel>;

export const SIGNATURE_HEADER = 'x-nodetally-signature-256';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as GitHub's X-Hub-Signature-256. */
export const signBody = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/**
 * Generic webhook: POST `alertJson(message)` with `content-type: application/json`,
 * `x-nodetally-event: alert`, `x-nodetally-delivery: <message id>` and, with a secret, the body's
 * HMAC. Any 2xx is delivered.
 */
export function webhookNotifier(config: WebhookChannel): Notifier {
  const ids = { channel: config.id ?? 'webhook', type: 'webhook' };
  return {
    ...ids,
    send(message: AlertMessage, options?: SendOptions) {
      const body = JSON.stringify(alertJson(message));
      const headers: Record<string, string> = {
        ...config.headers,
        'content-type': 'application/json',
        'user-agent': 'nodetally-hub',
        'x-nodetally-event': 'alert',
        'x-nodetally-delivery': message.id,
      };
      if (config.secret) headers[SIGNATURE_HEADER] = signBody(config.secret, body);
      const secrets = config.secret ? [config.secret] : [];
      return postNotification(ids, message, { url: config.url, body, headers, secrets }, () => null, options);
    },
  };
}
