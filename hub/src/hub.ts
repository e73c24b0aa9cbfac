import { join } from 'node:path';
import { buildTopic, SCHEMA_VERSION } from '@nodetally/shared';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { build } from './app.js';
import { verifyToken } from './auth/tokens.js';
import { type EmbeddedBroker, startEmbeddedBroker } from './broker/embedded.js';
import type { HubConfig } from './config.js';
import { Ingest } from './ingest/ingest.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { Store } from './store/types.js';

export interface RunningHub {
  app: FastifyInstance;
  broker: EmbeddedBroker;
  ingest: Ingest;
  store: Store;
  httpUrl: string;
  mqttUrl: string;
  close(): Promise<void>;
}

export const databasePath = (dataDir: string) => join(dataDir, 'nodetally.db');

/** MQTT username = device id, password = its token; a revoked device is refused. */
function deviceAuthenticator(store: Store) {
  return async (username: string | undefined, password: Buffer | undefined) => {
    if (!username || !password) return null;
    const credential = await store.getCredential(username);
    if (!credential || credential.revoked_ms !== null) return null;
    return verifyToken(password.toString('utf8'), credential.token_hash) ? credential.device_id : null;
  };
}

/** Revocations may come from the CLI, another process: look for new ones and drop those connections. */
function sweepRevocations(store: Store, broker: EmbeddedBroker, log: Logger, everyMs = 2_000): () => void {
  let since = Date.now();
  const timer = setInterval(async () => {
    const checkedAt = Date.now();
    try {
      for (const deviceId of await store.revokedSince(since - everyMs)) {
        const dropped = broker.disconnectDevice(deviceId);
        if (dropped > 0)
          log.warn({ device_id: deviceId, connections: dropped }, 'revoked device disconnected');
      }
      since = checkedAt;
    } catch (error) {
      log.error({ err: error }, 'revocation sweep failed');
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Store, embedded broker, ingest and web app in one process: what `nodetally-hub` runs. */
export async function startHub(config: HubConfig, log: Logger): Promise<RunningHub> {
  const store = openSqliteStore(databasePath(config.dataDir));
  let broker: EmbeddedBroker | undefined;
  const ingest = new Ingest({
    store,
    log: log.child({ component: 'ingest' }),
    rateLimit: { ratePerS: config.rateLimitPerS, burst: config.rateLimitBurst },
    sendAck: (deviceId, upToSeq) =>
      broker?.publish(
        buildTopic(deviceId, 'ack'),
        JSON.stringify({ v: SCHEMA_VERSION, up_to_seq: upToSeq }),
        1,
      ),
  });
  broker = await startEmbeddedBroker({
    host: config.host,
    port: config.mqttPort,
    log: log.child({ component: 'broker' }),
    maxPacketBytes: config.maxPacketBytes,
    // Fail closed: only an explicit 'none' turns device authentication off.
    ...(config.auth === 'none' ? {} : { authenticate: deviceAuthenticator(store) }),
    onDevicePublish: (topic, payload) => ingest.receive(topic, payload),
    onReject: (reason) => ingest.counters.rejected[reason]++,
  });
  const stopRevocationSweep = sweepRevocations(store, broker, log);
  const app = build({
    store,
    counters: ingest.counters,
    offlineAfterIntervals: config.offlineAfterIntervals,
    logger: log.child({ component: 'http' }),
  });
  const httpUrl = await app.listen({ host: config.host, port: config.httpPort });
  const mqttUrl = `mqtt://${config.host}:${broker.port}`;
  log.info({ http: httpUrl, mqtt: mqttUrl, data_dir: config.dataDir }, 'hub listening');

  const running = broker;
  return {
    app,
    broker: running,
    ingest,
    store,
    httpUrl,
    mqttUrl,
    async close() {
      stopRevocationSweep();
      await running.close();
      await ingest.close();
      await app.close();
      await store.close();
    },
  };
}
