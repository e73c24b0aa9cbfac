import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * `absent`: nothing answers (refused, no socket, no such host) — the workload is not there.
 * `timeout`: something accepted the connection but did not answer in time.
 * `bad`: it answered, but not with a usable body (non-2xx, too large, not JSON).
 */
export type HttpResult =
  | { kind: 'ok'; status: number; body: string }
  | { kind: 'absent'; reason: string }
  | { kind: 'timeout'; reason: string }
  | { kind: 'bad'; reason: string };

export type JsonResult = { kind: 'ok'; json: unknown } | Exclude<HttpResult, { kind: 'ok' }>;

export interface HttpOptions {
  timeoutMs: number;
  method?: 'GET' | 'POST';
  body?: string;
  /** Unix socket to talk HTTP over (the Docker Engine API). */
  socketPath?: string;
  /** Akash provider gateways serve a certificate from the provider's own on-chain CA. */
  insecureTls?: boolean;
}

const MAX_BODY_BYTES = 1024 * 1024;
const ABSENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EACCES',
]);

/**
 * node:http rather than fetch: one helper covers TCP, the Docker unix socket and self-signed TLS,
 * with AbortSignal.timeout bounding the whole exchange.
 */
export function httpText(url: string, options: HttpOptions): Promise<HttpResult> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      target,
      {
        method: options.method ?? 'GET',
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.socketPath ? { socketPath: options.socketPath } : {}),
        ...(options.insecureTls ? { rejectUnauthorized: false } : {}),
        headers: {
          accept: 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            req.destroy();
            resolve({ kind: 'bad', reason: `response larger than ${MAX_BODY_BYTES} bytes` });
          } else chunks.push(chunk);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks).toString('utf8');
          if (status < 200 || status > 299) resolve({ kind: 'bad', reason: `HTTP ${status}` });
          else resolve({ kind: 'ok', status, body });
        });
        res.on('error', (error) => resolve(classify(error)));
      },
    );
    req.on('error', (error) => resolve(classify(error)));
    req.end(options.body);
  });
}

function classify(error: Error & { code?: string }): Exclude<HttpResult, { kind: 'ok' }> {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') {
    return { kind: 'timeout', reason: 'timed out' };
  }
  if (error.code && ABSENT_CODES.has(error.code)) return { kind: 'absent', reason: error.code };
  return { kind: 'bad', reason: error.message };
}

export async function httpJson(url: string, options: HttpOptions): Promise<JsonResult> {
  const result = await httpText(url, options);
  if (result.kind !== 'ok') return result;
  try {
    return { kind: 'ok', json: JSON.parse(result.body) as unknown };
  } catch {
    return { kind: 'bad', reason: 'response is not JSON' };
  }
}
