import { type Ack, buildTopic, decodeMessage, type Meta, SCHEMA_VERSION } from '@nodetally/shared';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { backoffDelayMs } from './backoff.js';

export interface PublisherOptions {
  url: string;
  deviceId: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Extra TLS settings, e.g. a custom CA for a hub with its own certificate. */
  tls?: Pick<IClientOptions, 'ca' | 'rejectUnauthorized'>;
  log: Logger;
  onConnect?: () => void;
  onDisconnect?: () => void;
  onAck?: (ack: Ack) => void;
}

const CLOSE_GRACE_MS = 3_000;

const statusPayload = (state: 'online' | 'offline') =>
  JSON.stringify({ v: SCHEMA_VERSION, state, ts: Date.now() });

/**
 * MQTT side of the agent: QoS 1 publishes, a retained status with an `offline` Last Will, the hub's
 * acks, and reconnection with exponential backoff and jitter.
 */
export class Publisher {
  private readonly client: MqttClient;
  private readonly topics;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(options: PublisherOptions) {
    const { deviceId, log } = options;
    this.topics = {
      samples: buildTopic(deviceId, 'samples'),
      meta: buildTopic(deviceId, 'meta'),
      status: buildTopic(deviceId, 'status'),
      ack: buildTopic(deviceId, 'ack'),
    };
    this.client = mqtt.connect(options.url, {
      clientId: `nodetally-agent-${deviceId}`,
      // The hub knows a device by its id: with only a token configured, the id is the username.
      username: options.username ?? (options.password ? deviceId : undefined),
      password: options.password,
      reconnectPeriod: 0,
      // mqtt-packet's default cache pre-builds 65,536 buffers (~6 MB) that an agent sending one packet a second never needs.
      writeCache: false,
      connectTimeout: 10_000,
      ...options.tls,
      will: {
        topic: this.topics.status,
        payload: Buffer.from(statusPayload('offline')),
        qos: 1,
        retain: true,
      },
    });
    this.client.on('connect', () => {
      this.attempt = 0;
      log.info({ url: options.url }, 'connected to hub');
      this.client.publish(this.topics.status, statusPayload('online'), { qos: 1, retain: true });
      this.client.subscribe(this.topics.ack, { qos: 1 });
      options.onConnect?.();
    });
    this.client.on('error', (error) => log.warn({ err: error }, 'mqtt error'));
    this.client.on('close', () => {
      options.onDisconnect?.();
      this.scheduleReconnect(log);
    });
    this.client.on('message', (topic, payload) => {
      if (topic !== this.topics.ack) return;
      const ack = decodeMessage('ack', payload);
      if (ack.ok) options.onAck?.(ack.value);
      else log.warn({ reason: ack.reason, detail: ack.detail }, 'ignoring malformed ack');
    });
  }

  private scheduleReconnect(log: Logger): void {
    if (this.closing || this.reconnectTimer) return;
    const delay = backoffDelayMs(this.attempt++);
    log.warn({ retry_in_ms: delay }, 'hub unreachable; will retry');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closing) this.client.reconnect();
    }, delay);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  publishSample(payload: Buffer): Promise<void> {
    return this.client.publishAsync(this.topics.samples, payload, { qos: 1 }).then(() => undefined);
  }

  publishMeta(meta: Meta): Promise<void> {
    return this.client.publishAsync(this.topics.meta, JSON.stringify(meta), { qos: 1 }).then(() => undefined);
  }

  /** Says `offline` itself (a clean disconnect sends no Will) and flushes what is in flight. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    if (this.client.connected) {
      await this.client
        .publishAsync(this.topics.status, statusPayload('offline'), { qos: 1, retain: true })
        .catch(() => undefined);
    }
    // A graceful end waits for in-flight QoS 1 messages; with the hub gone that would never finish.
    const graceful = this.client.endAsync(false).then(() => true);
    const timedOut = new Promise<boolean>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS, false).unref());
    if (!(await Promise.race([graceful, timedOut]).catch(() => false))) await this.client.endAsync(true);
  }
}
