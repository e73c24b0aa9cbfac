import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTopic, ErrorCodes, NodetallyError, SCHEMA_VERSION } from '@nodetally/shared';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { startAlerts } from './alerts/scheduler.js';
import { build } from './app.js';
import { verifyToken } from './auth/tokens.js';
import { startEmbeddedBroker } from './broker/embedded.js';
import { externalBrokerOptions, startExternalBroker } from './broker/external.js';
import type { HubBroker } from './broker/types.js';
import type { HubConfig } from './config.js';
import { startEarnings } from './earnings-service/service.js';
import { Ingest } from './ingest/ingest.js';
import { startRewards } from './rewards/start.js';
import { startRollups } from './rollups/job.js';
import { openPostgresStore } from './store/postgres/index.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { Store } from './store/types.js';
import { ensureAdminUser } from './web/auth/bootstrap.js';
import { HubEvents } from './web/events.js';

export interface RunningHub {
  app: FastifyInstance;
  broker: HubBroker;
  ingest: Ingest;
  store: Store;
  httpUrl: string;
  /** The plain listener's URL, or the TLS one when the plain listener is off. */
  mqttUrl: string;
  mqttTlsUrl: string | null;
  close(): Promise<void>;
}

export const databasePath = (dataDir: string) => join(dataDir, 'nodetally.db');

function readTls(config: HubConfig): { cert: Buffer; key: Buffer } | null {
  if (!config.tlsCertFile && !config.tlsKeyFile) return null;
  if (!config.tlsCertFile || !config.tlsKeyFile) {
    throw new NodetallyError(ErrorCodes.CONFIG_INVALID, 'TLS needs both tlsCertFile and tlsKeyFile');
  }
  try {
    return { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) };
  } catch (cause) {
    throw new NodetallyError(
      ErrorCodes.CONFIG_FILE,
      `cannot read the TLS certificate or key: ${(cause as Error).message}`,
      { cause },
    );
  }
}

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
function sweepRevocations(store: Store, broker: HubBroker, log: Logger, everyMs = 2_000): () => void {
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
  const store = config.databaseUrl
    ? await openPostgresStore({ connectionString: config.databaseUrl })
    : openSqliteStore(databasePath(config.dataDir));
  let broker: HubBroker | undefined;
  const events = new HubEvents();
  const ingest = new Ingest({
    store,
    log: log.child({ component: 'ingest' }),
    ...events.ingestHooks(log.child({ component: 'events' })),
    rateLimit: { ratePerS: config.rateLimitPerS, burst: config.rateLimitBurst },
    sendAck: (deviceId, upToSeq) =>
      broker?.publish(
        buildTopic(deviceId, 'ack'),
        JSON.stringify({ v: SCHEMA_VERSION, up_to_seq: upToSeq }),
        1,
      ),
  });
  const tls = readTls(config);
  const onDevicePublish = (topic: string, payload: Buffer) => ingest.receive(topic, payload);
  const brokerLog = log.child({ component: 'broker' });
  broker = config.brokerUrl
    ? await startExternalBroker(externalBrokerOptions(config, brokerLog, onDevicePublish))
    : await startEmbeddedBroker({
        host: config.host,
        port: tls && !config.mqttPlain ? null : config.mqttPort,
        ...(tls ? { tls: { port: config.mqttTlsPort, options: tls } } : {}),
        log: brokerLog,
        maxPacketBytes: config.maxPacketBytes,
        // Fail closed: only an explicit 'none' turns device authentication off.
        ...(config.auth === 'none' ? {} : { authenticate: deviceAuthenticator(store) }),
        onDevicePublish,
        onReject: (reason) => ingest.counters.rejected[reason]++,
      });
  await ensureAdminUser(store, config, log.child({ component: 'auth' }));
  const stopRevocationSweep = sweepRevocations(store, broker, log);
  const rewards = await startRewards(config, store, log.child({ component: 'rewards' }));
  const rollups = startRollups(config, store, log.child({ component: 'rollups' }));
  const earnings = startEarnings({ store, config, log: log.child({ component: 'earnings' }) });
  // After the earnings service: the earnings rules use its settings (saved ones included).
  const alerts = startAlerts(config, store, log.child({ component: 'alerts' }), {
    earnings,
    onTransition: (t) => events.emit('alert', t),
  });
  events.followEarnings(earnings);
  const app = build({
    store,
    counters: ingest.counters,
    offlineAfterIntervals: config.offlineAfterIntervals,
    logger: log.child({ component: 'http' }),
    agentMqtt: { url: config.brokerUrl, plainPort: broker.port, tlsPort: broker.tlsPort },
    ...(tls ? { https: tls } : {}),
    alerts: { service: alerts.service },
    auth: {
      sessionTtlMs: config.sessionTtlHours * 3_600_000,
      loginLimit: { max: config.loginAttemptsPerMinute, windowMs: 60_000 },
    },
    earnings: config,
    earningsService: earnings,
    events,
  });
  const httpUrl = await app.listen({ host: config.host, port: config.httpPort });
  const mqttUrl =
    config.brokerUrl ??
    (broker.port ? `mqtt://${config.host}:${broker.port}` : `mqtts://${config.host}:${broker.tlsPort}`);
  const mqttTlsUrl = broker.tlsPort ? `mqtts://${config.host}:${broker.tlsPort}` : null;
  log.info({ http: httpUrl, mqtt: mqttUrl, mqtts: mqttTlsUrl, data_dir: config.dataDir }, 'hub listening');

  const running = broker;
  return {
    app,
    broker: running,
    ingest,
    store,
    httpUrl,
    mqttUrl,
    mqttTlsUrl,
    async close() {
      stopRevocationSweep();
      await rewards.stop();
      await alerts.stop();
      await rollups.stop();
      await earnings.stop();
      await running.close();
      await ingest.close();
      await app.close();
      await store.close();
    },
  };
}
