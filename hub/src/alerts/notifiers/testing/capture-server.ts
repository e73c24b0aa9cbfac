import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received (a signature covers these bytes). */
  raw: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface CaptureServer {
  baseUrl: string;
  requests: Captured[];
  close(): Promise<void>;
}

/** A recorded reply from a notifier's testdata: `{status, headers, body}` with body a string or JSON. */
export function recorded(url: URL): Reply {
  const r = JSON.parse(readFileSync(url, 'utf8')) as {
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
  };
  return {
    status: r.status,
    headers: r.headers,
    body: r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
  };
}

/**
 * A local server on 127.0.0.1 that records every request byte for byte and answers with the given
 * replies in order (the last one repeats).
 */
export async function startCapture(replies: readonly Reply[]): Promise<CaptureServer> {
  const requests: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)] ?? { status: 404 };
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
