import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplayRequest {
  method: string;
  url: URL;
  /** Parsed JSON request body, or undefined. */
  body: unknown;
}

export interface ReplayResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body: unknown;
}

/** Answers a request from recorded responses; undefined gives a 404. */
export type ReplayHandler = (request: ReplayRequest) => ReplayResponse | undefined;

/**
 * Faults the contract suites inject around the recorded answers: `429-once` (Retry-After: 0 then the
 * real answer), `500`, `garbage` (HTML with 200), `truncated` (first half of the real body), `shape`
 * (valid JSON of another shape), `fail-after-first` (first request answered, later ones 500).
 */
export type Fault = 'none' | '429-once' | '500' | 'garbage' | 'truncated' | 'shape' | 'fail-after-first';

export interface ReplayServer {
  baseUrl: string;
  requests: ReplayRequest[];
  setFault(fault: Fault): void;
  close(): Promise<void>;
}

export const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));

export async function startReplay(handler: ReplayHandler): Promise<ReplayServer> {
  const requests: ReplayRequest[] = [];
  let fault: Fault = 'none';
  let faultHits = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const request: ReplayRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        body: raw ? JSON.parse(raw) : undefined,
      };
      requests.push(request);
      const answer = handler(request) ?? { status: 404, body: { error: 'no recorded response' } };
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body);
      };
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      faultHits++;
      switch (fault) {
        case '429-once':
          if (faultHits === 1) return send(429, '{"error":"rate limited"}', { 'retry-after': '0' });
          break;
        case '500':
          return send(500, '{"error":"internal"}');
        case 'fail-after-first':
          if (faultHits > 1) return send(500, '{"error":"internal"}');
          break;
        case 'garbage':
          return send(200, '<html><body>502 Bad Gateway</body></html>', { 'content-type': 'text/html' });
        case 'truncated':
          return send(200, text.slice(0, Math.floor(text.length / 2)));
        case 'shape':
          return send(200, Array.isArray(answer.body) ? '{"unexpected":true}' : '[{"unexpected":true}]');
        case 'none':
          break;
      }
      send(answer.status ?? 200, text, answer.headers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    setFault(next) {
      fault = next;
      faultHits = 0;
      requests.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
