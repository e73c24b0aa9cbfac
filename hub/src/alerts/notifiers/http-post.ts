import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import { HttpError, requestText, type TextAnswer } from '../../http/index.js';
import type { AlertMessage } from '../message.js';
import type { DeliveryResult, SendOptions } from './types.js';

/** Defaults for notifications: a few quick retries, and a Retry-After up to 2 minutes is honoured. */
const NOTIFY_HTTP = { retries: 3, baseDelayMs: 1000, maxDelayMs: 15_000, timeoutMs: 10_000 };

/**
 * POSTs one notification with the hub's retrying request (429 + Retry-After, 5xx, timeouts), counts
 * the attempts, and turns the outcome into a `DeliveryResult`. `check` reads a 2xx answer and
 * returns the remote id, or throws when the service says it failed. `secrets` (tokens in URL
 * paths) are masked in every error text.
 */
export async function postNotification(
  ids: { channel: string; type: string },
  message: AlertMessage,
  request: { url: string; body: string; headers: Record<string, string>; secrets: string[] },
  check: (answer: TextAnswer) => string | null,
  options: SendOptions = {},
): Promise<DeliveryResult> {
  let attempts = 1;
  const sleep = options.http?.sleep;
  const http = {
    ...NOTIFY_HTTP,
    ...options.http,
    sleep: async (ms: number) => {
      attempts++;
      await (sleep ? sleep(ms) : new Promise((r) => setTimeout(r, ms)));
    },
  };
  const base = { ...ids, message_id: message.id, ts: (options.now ?? Date.now)() };
  try {
    const answer = await requestText(
      request.url,
      { method: 'POST', body: request.body, headers: request.headers },
      http,
    );
    const remote_id = check(answer);
    return { ...base, ok: true, attempts, status: answer.status, remote_id, error: null };
  } catch (error) {
    const status = error instanceof HttpError ? (error.status ?? null) : null;
    const code = error instanceof NodetallyError ? error.code : ErrorCodes.HTTP_NETWORK;
    return {
      ...base,
      ok: false,
      attempts,
      status,
      remote_id: null,
      error: { code, message: mask((error as Error).message, request.secrets) },
    };
  }
}

export function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('…');
  return out;
}

/** Cuts text to `max` characters (services refuse longer), marking the cut. */
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A service answered 2xx but said it failed (Telegram `ok: false`). */
export const refused = (what: string) => new NodetallyError(ErrorCodes.NOTIFY_REFUSED, what);
