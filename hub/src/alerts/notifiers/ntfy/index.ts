import { type Static, Type } from '@sinclair/typebox';
import type { TextAnswer } from '../../../http/index.js';
import type { AlertMessage } from '../../message.js';
import type { Severity } from '../../types.js';
import { clip, postNotification, refused } from '../http-post.js';
import type { Notifier, SendOptions } from '../types.js';

export const NtfyChannel = Type.Object(
  {
    type: Type.Literal('ntfy'),
    id: Type.Optional(Type.String({ minLength: 1 })),
    baseUrl: Type.String({ pattern: '^https?://', default: 'https://ntfy.sh', description: 'ntfy server' }),
    topic: Type.String({ pattern: '^[-_A-Za-z0-9]{1,64}$' }),
    token: Type.Optional(Type.String({ minLength: 1, description: 'access token (tk_…), sent as Bearer' })),
    username: Type.Optional(Type.String({ minLength: 1 })),
    password: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type NtfyChannel = Static<typeof NtfyChannel>;

const PRIORITY: Record<Severity, number> = { info: 3, warning: 4, critical: 5 };

/** The JSON ntfy publishes ("Publish as JSON": POST to the server root, the topic in the body). */
export function ntfyPayload(topic: string, m: AlertMessage) {
  return {
    topic,
    title: clip(m.title, 250),
    message: clip(m.text, 4000),
    priority: m.status === 'resolved' ? 3 : PRIORITY[m.severity],
    tags: [
      m.status === 'resolved' ? 'white_check_mark' : m.severity === 'critical' ? 'rotating_light' : 'warning',
    ],
  };
}

/**
 * ntfy: POST {baseUrl}/ with the JSON body of `ntfyPayload`; auth by access token (Bearer) or user
 * and password (Basic). The answer is the published message as JSON; its `id` is the remote id.
 */
export function ntfyNotifier(config: NtfyChannel): Notifier {
  const ids = { channel: config.id ?? 'ntfy', type: 'ntfy' };
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (config.token) headers.authorization = `Bearer ${config.token}`;
  else if (config.username && config.password)
    headers.authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
  return {
    ...ids,
    send(message: AlertMessage, options?: SendOptions) {
      return postNotification(
        ids,
        message,
        {
          url: `${config.baseUrl.replace(/\/+$/, '')}/`,
          body: JSON.stringify(ntfyPayload(config.topic, message)),
          headers,
          secrets: [config.token ?? '', config.password ?? ''],
        },
        readNtfy,
        options,
      );
    },
  };
}

function readNtfy(answer: TextAnswer): string | null {
  try {
    const body = JSON.parse(answer.text) as { id?: unknown; event?: unknown };
    return typeof body.id === 'string' ? body.id : null;
  } catch {
    throw refused(`ntfy answered ${answer.status} without JSON: ${answer.text.slice(0, 80)}`);
  }
}
