import { hostname } from 'node:os';
import { ErrorCodes, NodetallyError, subscriptionFilter, type TopicKind } from '@nodetally/shared';
import mqtt, { type ErrorWithReasonCode, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { HubConfig } from '../config.js';
import type { HubBroker } from './types.js';

export interface ExternalBrokerOptions {
  /** e.g. mqtt://127.0.0.1:1883 or mqtts://broker.example:8883 */
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Unique per hub worker: a second connection with the same id would take this one over. */
  clientId: string;
  /** Workers in the same group split the device traffic (`$share/<group>/…`). */
  shareGroup?: string;
  log: Logger;
  onDevicePublish: (topic: string, payload: Buffer) => void;
  /** How long the first connection may take before the hub gives up starting. */
  connectTimeoutMs?: number;
  /** Extra mqtt.js options (TLS CA, reconnect period) for tests and deployments. */
  clientOptions?: IClientOptions;
}

export interface ExternalBroker extends HubBroker {
  client: MqttClient;
}

const DEVICE_KINDS: readonly TopicKind[] = ['samples', 'status', 'meta'];
export const DEFAULT_SHARE_GROUP = 'nodetally-hub';
/** The hub's account on the external broker unless brokerUsername says otherwise. */
export const DEFAULT_HUB_USERNAME = 'nodetally-hub';

/** Connack reason codes that no retry can cure: bad credentials or not authorized (MQTT 3 and 5). */
const FATAL_CONNACK = new Set([4, 5, 0x86, 0x87]);

export const sharedFilters = (group: string) =>
  DEVICE_KINDS.map((kind) => `$share/${group}/${subscriptionFilter(kind)}`);

/** The options `startExternalBroker` gets from the hub's config. */
export function externalBrokerOptions(
  config: HubConfig,
  log: Logger,
  onDevicePublish: (topic: string, payload: Buffer) => void,
): ExternalBrokerOptions {
  return {
    url: config.brokerUrl ?? '',
    username: config.brokerUsername ?? DEFAULT_HUB_USERNAME,
    password: config.brokerPassword,
    clientId: config.brokerClientId ?? `nodetally-hub-${hostname()}-${config.httpPort}`,
    log,
    onDevicePublish,
  };
}

/**
 * The hub as a client of an external broker (Mosquitto, EMQX): device auth and ACLs are the broker's;
 * the hub takes device messages through a shared subscription, so several hub workers split the
 * ingest, and publishes acks at QoS 1. mqtt.js reconnects on its own; each connection subscribes
 * again (a clean session, so a worker that is gone takes no share of the traffic).
 */
export async function startExternalBroker(options: ExternalBrokerOptions): Promise<ExternalBroker> {
  const { log } = options;
  const filters = sharedFilters(options.shareGroup ?? DEFAULT_SHARE_GROUP);
  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    protocolVersion: 5,
    clean: true,
    reconnectPeriod: 500,
    connectTimeout: 10_000,
    resubscribe: false,
    ...options.clientOptions,
  });

  client.on('connect', () => {
    log.info({ url: options.url, client_id: options.clientId }, 'connected to the external broker');
    client.subscribe(filters, { qos: 1 }, (error, granted) => {
      const refused = (granted ?? []).filter((grant) => grant.qos > 2).map((grant) => grant.topic);
      if (error || refused.length > 0) {
        log.error({ err: error, refused }, 'the external broker refused the hub subscription; check its ACL');
      }
    });
  });
  client.on('message', (topic, payload) => options.onDevicePublish(topic, payload));
  client.on('error', (error) => log.warn({ err: error }, 'external broker error'));
  client.on('offline', () => log.warn({ url: options.url }, 'external broker unreachable; reconnecting'));

  await new Promise<void>((resolve, reject) => {
    const fail = (message: string, cause?: unknown) => {
      clearTimeout(timer);
      client.end(true);
      reject(new NodetallyError(ErrorCodes.BROKER_CONNECT, message, { cause }));
    };
    const timer = setTimeout(
      () => fail(`no connection to the external broker ${options.url}`),
      options.connectTimeoutMs ?? 30_000,
    );
    client.once('connect', () => {
      clearTimeout(timer);
      client.removeListener('error', onError);
      resolve();
    });
    const onError = (error: Error | ErrorWithReasonCode) => {
      const code = 'code' in error ? Number(error.code) : Number.NaN;
      if (FATAL_CONNACK.has(code))
        fail(`the external broker ${options.url} refused the hub's account`, error);
    };
    client.on('error', onError);
  });

  return {
    client,
    port: 0,
    tlsPort: 0,
    publish(topic, payload, qos) {
      // While disconnected, mqtt.js keeps QoS 1 publishes and sends them after reconnecting.
      client.publish(topic, payload, { qos }, (error) => {
        if (error) log.warn({ topic, err: error }, 'ack publish failed');
      });
    },
    disconnectDevice() {
      return 0;
    },
    async close() {
      await client.endAsync(false).catch(() => client.endAsync(true));
    },
  };
}
