import {
  type Ack,
  buildTopic,
  decodeMessage,
  type Meta,
  type Sample,
  SCHEMA_VERSION,
} from '@nodetally/shared';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';

export interface PublisherOptions {
  url: string;
  deviceId: string;
  username?: string | undefined;
  password?: string | undefined;
  log: Logger;
  onAck?: (ack: Ack) => void;
}

const CLOSE_GRACE_MS = 3_000;

const statusPayload = (state: 'online' | 'offline') =>
  JSON.stringify({ v: SCHEMA_VERSION, state, ts: Date.now() });

/**
 * MQTT side of the agent: QoS 1 samples, a retained status with an `offline` Last Will, and the
 * hub's acks. mqtt.js reconnects on its own and keeps unsent QoS 1 messages in memory meanwhile.
 */
export class Publisher {
  private readonly client: MqttClient;
  private readonly topics;

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
      username: options.username,
      password: options.password,
      reconnectPeriod: 5_000,
      connectTimeout: 10_000,
      will: {
        topic: this.topics.status,
        payload: Buffer.from(statusPayload('offline')),
        qos: 1,
        retain: true,
      },
    });
    this.client.on('connect', () => {
      log.info({ url: options.url }, 'connected to hub');
      this.client.publish(this.topics.status, statusPayload('online'), { qos: 1, retain: true });
      this.client.subscribe(this.topics.ack, { qos: 1 });
    });
    this.client.on('error', (error) => log.warn({ err: error }, 'mqtt error'));
    this.client.on('offline', () => log.warn('hub unreachable; will retry'));
    this.client.on('message', (topic, payload) => {
      if (topic !== this.topics.ack) return;
      const ack = decodeMessage('ack', payload);
      if (ack.ok) options.onAck?.(ack.value);
      else log.warn({ reason: ack.reason, detail: ack.detail }, 'ignoring malformed ack');
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  publishSample(sample: Sample): Promise<void> {
    return this.publish(this.topics.samples, sample);
  }

  publishMeta(meta: Meta): Promise<void> {
    return this.publish(this.topics.meta, meta);
  }

  private async publish(topic: string, message: object): Promise<void> {
    await this.client.publishAsync(topic, JSON.stringify(message), { qos: 1 });
  }

  /** Says `offline` itself (a clean disconnect sends no Will) and flushes what is in flight. */
  async close(): Promise<void> {
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
