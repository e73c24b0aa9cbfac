import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSample } from '../../test/support/sample.js';
import { type RunningHub, startHub } from './hub.js';

describe('hub with its embedded aedes broker and a real MQTT client', () => {
  let hub: RunningHub;

  beforeAll(async () => {
    hub = await startHub(
      {
        dataDir: mkdtempSync(join(tmpdir(), 'nt-hub-')),
        host: '127.0.0.1',
        httpPort: 0,
        mqttPort: 0,
        offlineAfterIntervals: 3,
        logLevel: 'silent',
      },
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await hub.close();
  });

  it('stores a QoS 1 sample and acks it on the device ack topic after commit', async () => {
    const client = await mqtt.connectAsync(hub.mqttUrl, { clientId: 'test-rig' });
    const acked = new Promise<unknown>((resolve) =>
      client.on('message', (_t, payload) => resolve(JSON.parse(String(payload)))),
    );
    await client.subscribeAsync('nodetally/v1/rig-9/ack', { qos: 1 });
    await client.publishAsync(
      'nodetally/v1/rig-9/samples',
      JSON.stringify(validSample({ device_id: 'rig-9', seq: 4, ts: Date.now() })),
      { qos: 1 },
    );
    expect(await acked).toEqual({ v: 1, up_to_seq: 4 });
    expect(await hub.store.countSamples('rig-9')).toBe(1);
    await client.endAsync();
  });

  it('refuses subscriptions outside the device ack topic', async () => {
    const client = await mqtt.connectAsync(hub.mqttUrl, { clientId: 'snoop' });
    // SUBACK 0x80: mqtt.js turns a refused grant into an error; the connection stays up.
    await expect(client.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('disconnects a client that publishes an ack, and keeps serving others', async () => {
    const client = await mqtt.connectAsync(hub.mqttUrl, { clientId: 'forger', reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish('nodetally/v1/rig-9/ack', JSON.stringify({ v: 1, up_to_seq: 999 }), { qos: 1 });
    await closed;
    client.end(true);
    const health = await hub.app.inject('/healthz');
    expect(health.statusCode).toBe(200);
  });
});
