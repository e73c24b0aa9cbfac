import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that a fault test can cut: every open connection is destroyed on both
 * sides and new ones are refused until `restore()`. A cut can also land inside a packet (half of
 * the next client chunk is forwarded) or swallow the next reply (the server's ack never arrives).
 */
export interface TcpProxy {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  cut(): void;
  /** Resolves once the next client→server chunk was half forwarded and everything cut. */
  cutMidClientChunk(): Promise<void>;
  /** Resolves once the next server→client chunk was dropped and everything cut. */
  cutOnNextReply(): Promise<void>;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let blocked = false;
  let accepted = 0;
  let onClientChunk: ((chunk: Buffer, upstream: Socket) => boolean) | undefined;
  let onServerChunk: ((chunk: Buffer) => boolean) | undefined;
  const cut = () => {
    blocked = true;
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  const server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (!onClientChunk?.(chunk, upstream)) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!onServerChunk?.(chunk)) client.write(chunk);
    });
    for (const socket of pair) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    get accepted() {
      return accepted;
    },
    cut,
    cutMidClientChunk: () =>
      new Promise<void>((resolve) => {
        onClientChunk = (chunk, upstream) => {
          onClientChunk = undefined;
          upstream.write(chunk.subarray(0, Math.max(1, chunk.length >> 1)), () => {
            cut();
            resolve();
          });
          return true;
        };
      }),
    cutOnNextReply: () =>
      new Promise<void>((resolve) => {
        onServerChunk = () => {
          onServerChunk = undefined;
          cut();
          resolve();
          return true;
        };
      }),
    restore() {
      blocked = false;
    },
    close() {
      cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
