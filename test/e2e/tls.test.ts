import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addDeviceCredential,
  hubConfig,
  type IssuedCredential,
  type RunningHub,
  startHub,
} from '@nodetally/hub';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates } from '../support/certs.js';
import { agentCli, runToEnd, startNode, stopAll } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

describe('TLS: MQTT over TLS and HTTPS with the hub certificate', () => {
  let hub: RunningHub;
  let certs: ReturnType<typeof makeTestCertificates>;
  let device: IssuedCredential;

  beforeAll(async () => {
    certs = makeTestCertificates();
    hub = await startHub(
      hubConfig({
        dataDir: mkdtempSync(join(tmpdir(), 'nt-tls-')),
        httpPort: 0,
        mqttTlsPort: 0,
        mqttPlain: false,
        tlsCertFile: certs.cert,
        tlsKeyFile: certs.key,
        logLevel: 'silent',
      }),
      pino({ level: 'silent' }),
    );
    device = (await addDeviceCredential(hub.store, 'TLS rig', 'tls-rig')) as IssuedCredential;
  });
  afterAll(async () => {
    await stopAll();
    await hub?.close();
  });

  it('listens for MQTT over TLS only when the plain listener is turned off', () => {
    expect(hub.broker.port).toBe(0);
    expect(hub.mqttUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.httpUrl).toMatch(/^https:/);
  });

  it('a client trusting the CA connects; one that does not is refused by its own verification', async () => {
    const ca = readFileSync(certs.ca);
    const client = await mqtt.connectAsync(hub.mqttUrl, {
      ca,
      username: device.device_id,
      password: device.token,
      reconnectPeriod: 0,
    });
    expect(client.connected).toBe(true);
    await client.endAsync();
    await expect(
      mqtt.connectAsync(hub.mqttUrl, {
        username: device.device_id,
        password: device.token,
        reconnectPeriod: 0,
        connectTimeout: 3000,
      }),
    ).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('serves the API over HTTPS with the same certificate', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      get(`${hub.httpUrl}/healthz`, { ca: readFileSync(certs.ca) }, (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
  });

  it('a real agent with --ca-file reports over mqtts://', async () => {
    startNode(
      agentCli,
      [
        'run',
        '--hub-url',
        hub.mqttUrl,
        '--ca-file',
        certs.ca,
        '--interval-s',
        '1',
        '--state-dir',
        mkdtempSync(join(tmpdir(), 'nt-tls-agent-')),
      ],
      {
        NODETALLY_DEVICE_ID: device.device_id,
        NODETALLY_PASSWORD: device.token,
        NODETALLY_LOG_LEVEL: 'warn',
      },
    );
    await waitFor('samples over TLS', async () => (await hub.store.countSamples(device.device_id)) >= 2);
  });

  it('doctor checks the TLS hub with the same --ca-file', async () => {
    const args = [
      agentCli,
      'doctor',
      '--hub-url',
      hub.mqttUrl,
      '--state-dir',
      mkdtempSync(join(tmpdir(), 'nt-tls-doc-')),
    ];
    const env = { NODETALLY_DEVICE_ID: device.device_id, NODETALLY_PASSWORD: device.token };
    expect((await runToEnd(process.execPath, [...args, '--ca-file', certs.ca], env)).code).toBe(0);
    const untrusted = await runToEnd(process.execPath, args, env);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toMatch(/unreachable: .*certificate/i);
  });
});
