import { ErrorCodes } from '@nodetally/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { redact } from './errors.js';
import { requestJson } from './request.js';
import { backoffMs, parseRetryAfter, retryAfterInBody } from './retry-after.js';
import { type ReplayServer, startReplay } from './testing/replay-server.js';

describe('retry-after and backoff', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
  it('backs off exponentially within the cap', () => {
    expect(backoffMs(0, 100, 1000, () => 1)).toBe(100);
    expect(backoffMs(3, 100, 1000, () => 1)).toBe(800);
    expect(backoffMs(10, 100, 1000, () => 0)).toBe(500);
  });
  it('reads a wait from a 429 body when there is no header (Telegram, Discord)', () => {
    expect(retryAfterInBody('{"ok":false,"error_code":429,"parameters":{"retry_after":41}}')).toBe(41_000);
    expect(retryAfterInBody('{"message":"You are being rate limited.","retry_after":64.57}')).toBe(64_570);
    expect(retryAfterInBody('rate limited')).toBeUndefined();
    expect(retryAfterInBody('{"retry_after":"soon"}')).toBeUndefined();
  });
  it('redacts query values', () => {
    expect(redact('https://x.test/a?api_key=secret&ids=1')).toBe('https://x.test/a?api_key=…&ids=…');
  });
});

describe('requestJson', () => {
  let server: ReplayServer | undefined;
  afterEach(() => server?.close());
  const fast = { retries: 2, baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 1000 };

  it('waits as long as Retry-After asks, and fails at once when that is too long', async () => {
    let calls = 0;
    server = await startReplay(() =>
      ++calls === 1 ? { status: 429, headers: { 'retry-after': '3' }, body: {} } : { body: { ok: true } },
    );
    const waits: number[] = [];
    const ok = await requestJson(server.baseUrl, {}, { ...fast, sleep: async (ms) => void waits.push(ms) });
    expect(ok).toEqual({ ok: true });
    expect(waits).toEqual([3000]);
    calls = 0;
    await expect(requestJson(server.baseUrl, {}, { ...fast, maxRetryAfterMs: 1000 })).rejects.toMatchObject({
      code: ErrorCodes.HTTP_RATE_LIMITED,
    });
  });

  it('does not retry a 404, and names the status', async () => {
    server = await startReplay(() => undefined);
    await expect(requestJson(server.baseUrl, {}, fast)).rejects.toMatchObject({
      code: ErrorCodes.HTTP_STATUS,
      status: 404,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('times out a server that never answers', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await expect(
        requestJson(`http://127.0.0.1:${port}`, {}, { ...fast, retries: 0, timeoutMs: 100 }),
      ).rejects.toMatchObject({
        code: ErrorCodes.HTTP_TIMEOUT,
      });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
