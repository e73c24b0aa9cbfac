import { join } from 'node:path';
import { buildTopic, SCHEMA_VERSION } from '@nodetally/shared';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { build } from './app.js';
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

/** Store, embedded broker, ingest and web app in one process: what `nodetally-hub` runs. */
export async function startHub(config: HubConfig, log: Logger): Promise<RunningHub> {
  const store = openSqliteStore(databasePath(config.dataDir));
  let broker: EmbeddedBroker | undefined;
  const ingest = new Ingest({
    store,
    log: log.child({ component: 'ingest' }),
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
    onDevicePublish: (topic, payload) => ingest.receive(topic, payload),
  });
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
      await running.close();
      await ingest.close();
      await app.close();
      await store.close();
    },
  };
}
