import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSample } from '../../test/support/sample.js';
import { waitFor } from '../../test/support/wait.js';
import { hubConfig } from './config.js';
import { addDeviceCredential, type IssuedCredential } from './devices/credentials.js';
import { type RunningHub, startHub } from './hub.js';
import { testAuthHeaders } from './web/testing/auth.js';

const silent = pino({ level: 'silent' });
const sample = (deviceId: string, seq: number) =>
  JSON.stringify(validSample({ device_id: deviceId, seq, ts: Date.now() }));

describe('hub with device auth, over real MQTT', () => {
  let hub: RunningHub;
  let a: IssuedCredential;
  let b: IssuedCredential;
  const as = (cred: IssuedCredential, extra: IClientOptions = {}) =>
    mqtt.connectAsync(hub.mqttUrl, {
      username: cred.device_id,
      password: cred.token,
      reconnectPeriod: 0,
      ...extra,
    });

  beforeAll(async () => {
    hub = await startHub(
      hubConfig({
        dataDir: mkdtempSync(join(tmpdir(), 'nt-hub-')),
        httpPort: 0,
        mqttPort: 0,
        logLevel: 'silent',
      }),
      silent,
    );
    a = (await addDeviceCredential(hub.store, 'Rig A')) as IssuedCredential;
    b = (await addDeviceCredential(hub.store, 'Rig B')) as IssuedCredential;
  });
  afterAll(async () => {
    await hub.close();
  });

  it('stores a QoS 1 sample and acks it on the device ack topic after commit', async () => {
    const client = await as(a);
    const acked = new Promise<unknown>((resolve) =>
      client.on('message', (_t, payload) => resolve(JSON.parse(String(payload)))),
    );
    await client.subscribeAsync(`nodetally/v1/${a.device_id}/ack`, { qos: 1 });
    await client.publishAsync(`nodetally/v1/${a.device_id}/samples`, sample(a.device_id, 4), { qos: 1 });
    expect(await acked).toEqual({ v: 1, up_to_seq: 4 });
    expect(await hub.store.countSamples(a.device_id)).toBe(1);
    await client.endAsync();
  });

  it('refuses a wrong token, an unknown device and no credentials at all', async () => {
    await expect(as({ ...a, token: `${a.token}x` })).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    );
    await expect(as({ ...a, device_id: 'nobody' })).rejects.toThrow();
    await expect(mqtt.connectAsync(hub.mqttUrl, { reconnectPeriod: 0 })).rejects.toThrow();
    expect(hub.ingest.counters.rejected.auth_failed).toBeGreaterThanOrEqual(3);
  });

  it('device A cannot publish under B: its connection is dropped and nothing is stored', async () => {
    const client = await as(a);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(`nodetally/v1/${b.device_id}/samples`, sample(b.device_id, 1), { qos: 1 });
    await closed;
    client.end(true);
    expect(await hub.store.countSamples(b.device_id)).toBe(0);
    expect(hub.ingest.counters.rejected.publish_denied).toBeGreaterThanOrEqual(1);
  });

  it("device A cannot subscribe to # or to B's acks, and stays connected", async () => {
    const client = await as(a);
    await expect(client.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(client.subscribeAsync(`nodetally/v1/${b.device_id}/ack`, { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('revoking a device drops its live connection and refuses the token afterwards', async () => {
    const c = (await addDeviceCredential(hub.store, 'Rig C')) as IssuedCredential;
    const client = await as(c);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await hub.store.revokeDevice(c.device_id, Date.now());
    await closed;
    client.end(true);
    await expect(as(c)).rejects.toThrow();
  });

  it('a 10 MB packet is refused at the socket without the hub holding it', async () => {
    const before = process.memoryUsage().rss;
    const socket = connect(hub.broker.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    socket.write(
      mqttPacket.generate({
        cmd: 'connect',
        clientId: 'big',
        username: a.device_id,
        password: Buffer.from(a.token),
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        keepalive: 30,
      }),
    );
    const big = mqttPacket.generate({
      cmd: 'publish',
      topic: `nodetally/v1/${a.device_id}/samples`,
      payload: Buffer.alloc(10 * 1024 * 1024, 120),
      qos: 0,
      retain: false,
      dup: false,
    });
    socket.write(big);
    await closed;
    expect(hub.ingest.counters.rejected.packet_too_large).toBe(1);
    // The process did not grow by the packet (10 MB); a little slack for the test's own buffers.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect((await hub.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('exposes the rejection counters to Prometheus', async () => {
    const text = (await hub.app.inject({ url: '/metrics', headers: await testAuthHeaders(hub.store) })).body;
    expect(text).toContain('nodetally_ingest_rejected_total{reason="auth_failed"}');
    expect(text).toMatch(/nodetally_ingest_rejected_total\{reason="packet_too_large"\} 1/);
  });
});

describe('hub with auth none (trusted lab network)', () => {
  it('accepts any device id, keeping the topic rules', async () => {
    const hub = await startHub(
      hubConfig({ dataDir: mkdtempSync(join(tmpdir(), 'nt-hub-')), httpPort: 0, mqttPort: 0, auth: 'none' }),
      silent,
    );
    try {
      const client = await mqtt.connectAsync(hub.mqttUrl, { reconnectPeriod: 0 });
      await client.publishAsync('nodetally/v1/lab-rig/samples', sample('lab-rig', 1), { qos: 1 });
      await waitFor('stored', async () => (await hub.store.countSamples('lab-rig')) === 1);
      await expect(client.subscribeAsync('#')).rejects.toThrow(/Subscribe error/);
      await client.endAsync();
    } finally {
      await hub.close();
    }
  });
});
