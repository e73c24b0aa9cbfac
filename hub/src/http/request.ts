import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCodes } from '@nodetally/shared';
import { HttpError, isRetryable } from './errors.js';
import { backoffMs, parseRetryAfter, retryAfterInBody } from './retry-after.js';

export interface HttpOptions {
  /** Per attempt, headers and body together. */
  timeoutMs?: number;
  /** Extra attempts after the first, on 429, 5xx, timeouts and network errors. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this fails the call at once instead of holding a sync for it. */
  maxRetryAfterMs?: number;
  maxBodyBytes?: number;
  headers?: Record<string, string>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface JsonRequest {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

const defaults = {
  timeoutMs: 15_000,
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  maxBodyBytes: 32 * 1024 * 1024,
};

/**
 * GET or POST and parse JSON, retrying what is worth retrying (429 honouring Retry-After, 5xx,
 * timeouts, connection errors) with capped exponential backoff. Every failure is an `HttpError`
 * with a code; a body that is not complete JSON is never returned.
 */
export async function requestJson(url: string, request: JsonRequest = {}, options: HttpOptions = {}) {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const answer = await requestText(
    url,
    {
      method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    },
    options,
  );
  try {
    return JSON.parse(answer.text) as unknown;
  } catch (error) {
    throw new HttpError(ErrorCodes.HTTP_BODY, url, `body is not JSON: ${answer.text.slice(0, 80)}`, {
      status: answer.status,
      cause: error,
    });
  }
}

export interface TextRequest {
  method?: 'GET' | 'POST' | 'PUT';
  /** Sent byte for byte (a signature may cover it); the caller sets content-type. */
  body?: string;
  headers?: Record<string, string>;
}

export interface TextAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * The retrying core of `requestJson` for APIs that do not answer JSON (a 204, Slack's `ok`): any
 * 2xx is returned as text with its status; the same retries, backoff and errors as `requestJson`.
 */
export async function requestText(
  url: string,
  request: TextRequest = {},
  options: HttpOptions = {},
): Promise<TextAnswer> {
  const o = { ...defaults, ...options };
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const now = options.now ?? Date.now;
  for (let attempt = 0; ; attempt++) {
    try {
      return await once(url, request, o, now);
    } catch (error) {
      if (!isRetryable(error) || attempt >= o.retries) throw error;
      const asked = error instanceof RateLimited ? error.retryAfterMs : undefined;
      if (asked !== undefined && asked > o.maxRetryAfterMs) throw error;
      await sleep(asked ?? backoffMs(attempt, o.baseDelayMs, o.maxDelayMs));
    }
  }
}

class RateLimited extends HttpError {
  constructor(
    url: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(ErrorCodes.HTTP_RATE_LIMITED, url, 'rate limited (429)', { status: 429 });
  }
}

async function once(
  url: string,
  request: TextRequest,
  o: typeof defaults & HttpOptions,
  now: () => number,
): Promise<{ status: number; headers: Headers; text: string }> {
  const headers: Record<string, string> = { ...o.headers, ...request.headers };
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
      headers,
      body: request.body,
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    if (response.status === 429) {
      const header = parseRetryAfter(response.headers.get('retry-after'), now());
      if (header !== undefined) await response.body?.cancel();
      const asked = header ?? retryAfterInBody(await response.text().catch(() => ''));
      throw new RateLimited(url, asked);
    }
    text = await response.text();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new HttpError(ErrorCodes.HTTP_TIMEOUT, url, `no complete answer within ${o.timeoutMs} ms`, {
        cause: error,
      });
    }
    throw new HttpError(ErrorCodes.HTTP_NETWORK, url, `request failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new HttpError(ErrorCodes.HTTP_STATUS, url, `HTTP ${response.status}: ${text.slice(0, 200)}`, {
      status: response.status,
    });
  }
  if (text.length > o.maxBodyBytes) {
    throw new HttpError(ErrorCodes.HTTP_BODY, url, `body over ${o.maxBodyBytes} bytes`, { status: 200 });
  }
  return { status: response.status, headers: response.headers, text };
}
