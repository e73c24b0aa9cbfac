import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  body: string | Buffer;
  /** Never answer: for timeout tests. */
  hang?: boolean;
}

export interface ReplayServer {
  url: string;
  /** Request lines seen, e.g. `POST /rpc {"jsonrpc":…}`. */
  requests: string[];
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

/** Serves recorded bodies byte for byte by `METHOD /path` or `/path`; anything else is a 404. */
export async function startReplayServer(
  routes: Record<string, Route>,
  listen: { socketPath?: string } = {},
): Promise<ReplayServer> {
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path}${body ? ` ${body}` : ''}`);
    const route = routes[`${req.method} ${path}`] ?? routes[path];
    if (route?.hang) return;
    res.writeHead(route ? (route.status ?? 200) : 404, { 'content-type': 'application/json' });
    res.end(route ? route.body : '{"message":"page not found"}');
  });
  await new Promise<void>((resolve) =>
    listen.socketPath ? server.listen(listen.socketPath, resolve) : server.listen(0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: listen.socketPath ? `unix:${listen.socketPath}` : `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const testdata = (dir: URL, name: string) => readFileSync(new URL(`testdata/${name}`, dir));

/** A URL where nothing listens: a server that was started and closed again. */
export async function deadUrl(): Promise<string> {
  const server = await startReplayServer({});
  await server.close();
  return server.url;
}
