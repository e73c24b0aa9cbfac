/**
 * Milliseconds a `Retry-After` header asks us to wait: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Exponential backoff with full jitter: attempt 0 waits up to base, attempt n up to base·2ⁿ, capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * Seconds a 429's JSON body asks for when there is no header: Telegram's `parameters.retry_after`,
 * Discord's `retry_after` (which may have decimals). Undefined when the body says nothing readable.
 */
export function retryAfterInBody(text: string): number | undefined {
  try {
    const body = JSON.parse(text) as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
    const s = body?.parameters?.retry_after ?? body?.retry_after;
    return typeof s === 'number' && Number.isFinite(s) && s >= 0 ? Math.ceil(s * 1000) : undefined;
  } catch {
    return undefined;
  }
}
