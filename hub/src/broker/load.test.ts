import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { waitFor } from '../../../test/support/wait.js';
import { hubConfig } from '../config.js';
import { type RunningHub, startHub } from '../hub.js';

/**
 * Regression: with aedes' default message-queue concurrency, a burst from many devices queued
 * samples in mqemitter, which then completed one inside the other and overflowed the stack.
 */
describe('many devices publishing at once', () => {
  const DEVICES = 600;
  const PER_DEVICE = 10;
  let hub: RunningHub;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    hub = await startHub(
      hubConfig({
        dataDir: mkdtempSync(join(tmpdir(), 'nt-load-')),
        httpPort: 0,
        mqttPort: 0,
        auth: 'none',
        logLevel: 'silent',
      }),
      pino({ level: 'silent' }),
    );
    for (let i = 0; i < DEVICES; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, DEVICES - i) }, (_, j) =>
          mqtt.connectAsync(hub.mqttUrl, { clientId: `load-${i + j}`, reconnectPeriod: 0 }),
        ),
      );
      clients.push(...batch);
    }
    await Promise.all(
      clients.map((client, i) => client.subscribeAsync(`nodetally/v1/load-${i}/ack`, { qos: 1 })),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await hub?.close();
  });

  it('stores every sample and keeps running', async () => {
    const now = Date.now();
    for (let seq = 1; seq <= PER_DEVICE; seq++) {
      clients.forEach((client, i) => {
        const id = `load-${i}`;
        client.publish(
          `nodetally/v1/${id}/samples`,
          JSON.stringify(validSample({ device_id: id, seq, ts: now })),
          { qos: 1 },
        );
      });
    }
    await waitFor('all samples stored', () => hub.ingest.counters.stored === DEVICES * PER_DEVICE, 30_000);
    expect((await hub.app.inject('/healthz')).statusCode).toBe(200);
  }, 60_000);
});
