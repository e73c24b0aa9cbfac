import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from 'pino';
import { mayPublish, maySubscribe } from './authorize.js';

export interface EmbeddedBroker {
  broker: Aedes;
  server: Server;
  port: number;
  /** Publishes from the hub itself (acks); these bypass authorizePublish. */
  publish(topic: string, payload: string, qos: 0 | 1): void;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  log: Logger;
  onDevicePublish: (topic: string, payload: Buffer) => void;
}

/** aedes on a TCP listener; device publishes reach `onDevicePublish` once aedes has accepted them. */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { log } = options;
  const broker = await Aedes.createBroker({
    maxTopicLevels: 8,
    authorizePublish(client, packet, callback) {
      if (client && !mayPublish(packet.topic)) {
        log.warn({ client: client.id, topic: packet.topic }, 'publish refused');
        callback(new Error('publish not allowed on this topic'));
        return;
      }
      callback(null);
    },
    authorizeSubscribe(client, subscription, callback) {
      if (!maySubscribe(subscription.topic)) {
        log.warn({ client: client.id, topic: subscription.topic }, 'subscription refused');
        // A null subscription makes aedes answer SUBACK 0x80 instead of dropping the connection.
        callback(null, null);
        return;
      }
      callback(null, subscription);
    },
    published(packet, client, callback) {
      if (client) options.onDevicePublish(packet.topic, packet.payload as Buffer);
      callback(null);
    },
  });
  broker.on('clientError', (client, error) => log.debug({ client: client.id, err: error }, 'client error'));
  broker.on('connectionError', (client, error) =>
    log.debug({ client: client?.id, err: error }, 'connection error'),
  );

  const server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    broker,
    server,
    port,
    publish(topic, payload, qos) {
      broker.publish(
        { cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false },
        (error) => {
          if (error) log.warn({ topic, err: error }, 'hub publish failed');
        },
      );
    },
    async close() {
      // The broker first: it disconnects the clients, which a listening server would wait for.
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
