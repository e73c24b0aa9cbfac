import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCodes } from '@nodetally/shared';
import { type Static, Type } from '@sinclair/typebox';
import nodemailer from 'nodemailer';
import { backoffMs } from '../../../http/index.js';
import type { AlertMessage } from '../../message.js';
import { mask } from '../http-post.js';
import type { DeliveryResult, Notifier, SendOptions } from '../types.js';

export const EmailChannel = Type.Object(
  {
    type: Type.Literal('email'),
    id: Type.Optional(Type.String({ minLength: 1 })),
    host: Type.String({ minLength: 1, description: 'SMTP server' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 587 }),
    secure: Type.Boolean({
      default: false,
      description: 'TLS from the start (port 465); otherwise STARTTLS',
    }),
    requireTLS: Type.Boolean({ default: false, description: 'refuse to send without STARTTLS' }),
    user: Type.Optional(Type.String({ minLength: 1 })),
    pass: Type.Optional(Type.String({ minLength: 1 })),
    from: Type.String({ minLength: 3, description: '"nodetally <alerts@example.com>"' }),
    to: Type.Array(Type.String({ minLength: 3 }), { minItems: 1 }),
    subjectPrefix: Type.String({ default: '[nodetally]' }),
  },
  { additionalProperties: false },
);
export type EmailChannel = Static<typeof EmailChannel>;

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
}

/** SMTP 4xx replies and connection trouble are worth retrying; 5xx are final (RFC 5321 §4.2.1). */
const transient = (e: SmtpError) =>
  e.responseCode === undefined ? e.code !== 'EAUTH' && e.code !== 'EENVELOPE' : e.responseCode < 500;

/**
 * Email over SMTP with nodemailer: a plain-text mail, subject `<prefix> <title>`, the alert text as
 * body. Retries transient failures with the hub's backoff (`http.retries`, `http.baseDelayMs`).
 */
export function emailNotifier(config: EmailChannel): Notifier {
  const ids = { channel: config.id ?? 'email', type: 'email' };
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTLS,
    auth: config.user ? { user: config.user, pass: config.pass ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    ...ids,
    async send(message: AlertMessage, options: SendOptions = {}): Promise<DeliveryResult> {
      const retries = options.http?.retries ?? 3;
      const sleep = options.http?.sleep ?? ((ms: number) => delay(ms));
      const base = { ...ids, message_id: message.id, ts: (options.now ?? Date.now)() };
      for (let attempt = 0; ; attempt++) {
        try {
          const info = await transport.sendMail({
            from: config.from,
            to: config.to,
            subject: `${config.subjectPrefix} ${message.title}`.trim(),
            text: `${message.text}\n\n-- \nnodetally alert ${message.id}\n`,
            headers: { 'X-Nodetally-Alert': message.id },
          });
          const code = Number.parseInt(String(info.response).slice(0, 3), 10);
          return {
            ...base,
            ok: true,
            attempts: attempt + 1,
            status: Number.isNaN(code) ? null : code,
            remote_id: info.messageId ?? null,
            error: null,
          };
        } catch (error) {
          const e = error as SmtpError;
          if (!transient(e) || attempt >= retries) {
            return {
              ...base,
              ok: false,
              attempts: attempt + 1,
              status: e.responseCode ?? null,
              remote_id: null,
              error: {
                code: ErrorCodes.NOTIFY_SMTP,
                message: mask(`${e.code ?? 'SMTP'}: ${e.message}`, [config.pass ?? '']),
              },
            };
          }
          await sleep(
            backoffMs(attempt, options.http?.baseDelayMs ?? 1000, options.http?.maxDelayMs ?? 15_000),
          );
        }
      }
    },
  };
}
