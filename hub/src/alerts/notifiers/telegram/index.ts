import { type Static, Type } from '@sinclair/typebox';
import type { TextAnswer } from '../../../http/index.js';
import type { AlertMessage } from '../../message.js';
import { clip, postNotification, refused } from '../http-post.js';
import type { Notifier, SendOptions } from '../types.js';

export const TelegramChannel = Type.Object(
  {
    type: Type.Literal('telegram'),
    id: Type.Optional(Type.String({ minLength: 1 })),
    baseUrl: Type.String({ pattern: '^https?://', default: 'https://api.telegram.org' }),
    botToken: Type.String({ minLength: 1, description: 'from @BotFather: 123456:ABC-…' }),
    chatId: Type.Union([Type.Integer(), Type.String({ minLength: 1 })], {
      description: 'numeric chat id, or @channelusername',
    }),
    messageThreadId: Type.Optional(Type.Integer({ description: 'forum topic' })),
  },
  { additionalProperties: false },
);
export type TelegramChannel = Static<typeof TelegramChannel>;

/** Text of a message in Telegram: plain text (no parse_mode, so nothing needs escaping). */
export const telegramText = (m: AlertMessage) => clip(`${m.title}\n\n${m.text}`, 4096);

/**
 * Telegram Bot API `sendMessage`: POST {baseUrl}/bot<token>/sendMessage with a JSON body
 * `{chat_id, text, link_preview_options: {is_disabled: true}}`; success is `{"ok":true,"result":
 * Message}` and the message_id is the remote id. The token is masked in every error.
 */
export function telegramNotifier(config: TelegramChannel): Notifier {
  const ids = { channel: config.id ?? 'telegram', type: 'telegram' };
  const url = `${config.baseUrl.replace(/\/+$/, '')}/bot${config.botToken}/sendMessage`;
  return {
    ...ids,
    send(message: AlertMessage, options?: SendOptions) {
      const payload: Record<string, unknown> = {
        chat_id: config.chatId,
        text: telegramText(message),
        link_preview_options: { is_disabled: true },
      };
      if (config.messageThreadId !== undefined) payload.message_thread_id = config.messageThreadId;
      return postNotification(
        ids,
        message,
        {
          url,
          body: JSON.stringify(payload),
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          secrets: [config.botToken],
        },
        readTelegram,
        options,
      );
    },
  };
}

function readTelegram(answer: TextAnswer): string | null {
  let body: { ok?: unknown; result?: { message_id?: unknown }; description?: unknown };
  try {
    body = JSON.parse(answer.text);
  } catch {
    throw refused(`Telegram answered ${answer.status} without JSON: ${answer.text.slice(0, 80)}`);
  }
  if (body.ok !== true) throw refused(`Telegram refused: ${String(body.description ?? 'ok is not true')}`);
  const id = body.result?.message_id;
  return typeof id === 'number' ? String(id) : null;
}
