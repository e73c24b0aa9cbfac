import { type ErrorCode, ErrorCodes, NodetallyError } from '@nodetally/shared';

/** A failed call to an external API; `status` is set when the server answered. */
export class HttpError extends NodetallyError {
  readonly url: string;
  readonly status: number | undefined;

  constructor(code: ErrorCode, url: string, message: string, options?: { status?: number; cause?: unknown }) {
    super(code, `${message} (${redact(url)})`, { cause: options?.cause });
    this.name = 'HttpError';
    this.url = redact(url);
    this.status = options?.status;
  }
}

/** Query values may hold API keys; error messages and logs only show the path and parameter names. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    for (const key of u.searchParams.keys()) u.searchParams.set(key, '…');
    return `${u.origin}${u.pathname}${u.search ? `?${decodeURIComponent(u.searchParams.toString())}` : ''}`;
  } catch {
    return url;
  }
}

export const isRetryable = (error: unknown): boolean =>
  error instanceof HttpError &&
  (error.code === ErrorCodes.HTTP_TIMEOUT ||
    error.code === ErrorCodes.HTTP_NETWORK ||
    error.code === ErrorCodes.HTTP_RATE_LIMITED ||
    (error.code === ErrorCodes.HTTP_STATUS && (error.status ?? 0) >= 500));
