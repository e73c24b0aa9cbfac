import { createServer } from 'node:net';

/**
 * Ports are drawn below Linux's default ephemeral range (32768–60999): a port the OS hands out with
 * listen(0) can be taken again as the source port of any outgoing connection before the process under
 * test binds it (seen as EADDRINUSE while other tests open thousands of client connections).
 */
const LOW = 20_000;
const HIGH = 32_000;
const handedOut = new Set<number>();

function tryListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 outside the ephemeral range, free at the time of return, never returned twice. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port)) continue;
    if (await tryListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found in ${LOW}–${HIGH}`);
}
