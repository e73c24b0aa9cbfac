import type { HttpOptions } from '../../http/index.js';
import type { AlertMessage } from '../message.js';

/** What one delivery attempt (with its retries) came to; the hub stores it as delivery status. */
export interface DeliveryResult {
  /** The channel's `id` from config, else its type. */
  channel: string;
  type: string;
  message_id: string;
  ok: boolean;
  /** HTTP requests or SMTP sends made, retries included. */
  attempts: number;
  /** Last HTTP status (or SMTP reply code) seen; null when none came. */
  status: number | null;
  /** The service's id for what it posted (Telegram message_id, ntfy id, SMTP Message-ID). */
  remote_id: string | null;
  error: { code: string; message: string } | null;
  ts: number;
}

export interface SendOptions {
  /** Retries, backoff, timeouts of hub/src/http; tests pass a recording `sleep`. */
  http?: HttpOptions;
  now?: () => number;
}

export interface Notifier {
  readonly channel: string;
  readonly type: string;
  send(message: AlertMessage, options?: SendOptions): Promise<DeliveryResult>;
}
