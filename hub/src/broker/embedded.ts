import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { Aedes, type Client } from 'aedes';
import type { Logger } from 'pino';
import { mayPublish, maySubscribe } from './authorize.js';
import { MqttFrameGuard } from './packet-guard.js';

export type BrokerRejection =
  | 'auth_failed'
  | 'publish_denied'
  | 'subscribe_denied'
  | 'packet_too_large'
  | 'packet_malformed';

export interface EmbeddedBroker {
  broker: Aedes;
  /** Port of the plain MQTT listener (0 when it is off). */
  port: number;
  /** Port of the MQTT-over-TLS listener (0 when TLS is not configured). */
  tlsPort: number;
  /** Publishes from the hub itself (acks); these bypass authorizePublish. */
  publish(topic: string, payload: string, qos: 0 | 1): void;
  /** Drops every connection authenticated as this device (after a revocation). */
  disconnectDevice(deviceId: string): number;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  host: string;
  /** Plain MQTT port; null turns the plain listener off (TLS only). */
  port: number | null;
  /** MQTT over TLS, when a certificate is configured. */
  tls?: { port: number; options: TlsOptions };
  log: Logger;
  /** Returns the device id a username/password belongs to, or null. Absent: no device auth. */
  authenticate?: (username: string | undefined, password: Buffer | undefined) => Promise<string | null>;
  maxPacketBytes: number;
  onDevicePublish: (topic: string, payload: Buffer) => void;
  onReject: (reason: BrokerRejection) => void;
}

/** aedes on a TCP listener, with device auth, per-device ACL and a packet-size cap at the socket. */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { log, onReject } = options;
  const deviceOf = new WeakMap<Client, string>();
  const authenticate = options.authenticate;
  const identity = (client: Client | null) => (authenticate && client ? (deviceOf.get(client) ?? '') : null);

  const broker = await Aedes.createBroker({
    maxTopicLevels: 8,
    // aedes' message queue (mqemitter) holds messages past `concurrency` and, when one completes,
    // starts the next synchronously; samples have no in-process subscriber, so they complete at
    // once and the chain recursed as deep as the queue, overflowing the stack at ~1,000 devices.
    // 0 = no queue. Backpressure stays per connection (QoS 1 inflight, TCP).
    concurrency: 0,
    authenticate(client, username, password, done) {
      if (!authenticate) {
        done(null, true);
        return;
      }
      authenticate(username, password).then(
        (deviceId) => {
          if (deviceId) {
            deviceOf.set(client, deviceId);
            done(null, true);
            return;
          }
          onReject('auth_failed');
          log.warn({ client: client.id, username }, 'authentication failed');
          done(Object.assign(new Error('bad username or password'), { returnCode: 4 }), false);
        },
        (error: unknown) => {
          log.error({ err: error }, 'authentication lookup failed');
          done(Object.assign(new Error('server unavailable'), { returnCode: 3 }), false);
        },
      );
    },
    authorizePublish(client, packet, callback) {
      if (client && !mayPublish(identity(client), packet.topic)) {
        onReject('publish_denied');
        log.warn({ client: client.id, device: identity(client), topic: packet.topic }, 'publish refused');
        callback(new Error('publish not allowed on this topic'));
        return;
      }
      callback(null);
    },
    authorizeSubscribe(client, subscription, callback) {
      if (!maySubscribe(identity(client), subscription.topic)) {
        onReject('subscribe_denied');
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

  const handleConnection = (socket: Socket) => {
    const guard = new MqttFrameGuard(options.maxPacketBytes);
    broker.handle(socket);
    socket.on('data', (chunk: Buffer) => {
      const verdict = guard.push(chunk);
      if (verdict === 'ok') return;
      onReject(verdict === 'too_large' ? 'packet_too_large' : 'packet_malformed');
      log.warn(
        { remote: socket.remoteAddress, verdict },
        'connection dropped: packet over the size limit or malformed',
      );
      socket.destroy();
    });
  };
  const servers: Server[] = [];
  const listen = async (server: Server, port: number) => {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host, () => resolve());
    });
    servers.push(server);
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  };
  const port = options.port === null ? 0 : await listen(createServer(handleConnection), options.port);
  const tlsPort = options.tls
    ? await listen(createTlsServer(options.tls.options, handleConnection), options.tls.port)
    : 0;

  return {
    broker,
    port,
    tlsPort,
    publish(topic, payload, qos) {
      broker.publish(
        { cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false },
        (error) => {
          if (error) log.warn({ topic, err: error }, 'hub publish failed');
        },
      );
    },
    disconnectDevice(deviceId) {
      let count = 0;
      // aedes keeps connected clients by client id; its typings do not declare the map.
      const clients = (broker as unknown as { clients: Record<string, Client> }).clients;
      for (const client of Object.values(clients)) {
        if (deviceOf.get(client) === deviceId) {
          client.close();
          count++;
        }
      }
      return count;
    },
    async close() {
      // The broker first: it disconnects the clients, which a listening server would wait for.
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
    },
  };
}
