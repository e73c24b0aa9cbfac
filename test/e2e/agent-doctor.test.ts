import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDeviceCredential, HubConfigSchema, hubConfig, type RunningHub, startHub } from '@nodetally/hub';
import { loadConfig } from '@nodetally/shared';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAuthHeaders } from '../../hub/src/web/testing/auth.js';
import { freePort } from '../support/ports.js';
import { agentCli, runToEnd } from '../support/processes.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'nt-doctor-'));
const doctor = (hubUrl: string, ...extra: string[]) =>
  runToEnd(process.execPath, [agentCli, 'doctor', '--hub-url', hubUrl, '--state-dir', stateDir(), ...extra]);

/** A TCP server that answers every MQTT CONNECT with CONNACK return code `rc` (or never answers). */
async function fakeBroker(rc: number | null): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    // MQTT 3.1.1 CONNACK: type 0x20, remaining length 2, no session present, return code.
    if (rc !== null) socket.once('data', () => socket.write(Buffer.from([0x20, 0x02, 0x00, rc])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('nodetally-agent doctor', () => {
  let hub: RunningHub;

  beforeAll(async () => {
    // The hub's defaults, without device auth: this agent has no credential (refusal is tested below).
    const { config } = loadConfig(HubConfigSchema, { argv: [], env: {} });
    hub = await startHub(
      {
        ...config,
        auth: 'none',
        dataDir: mkdtempSync(join(tmpdir(), 'nt-doctor-hub-')),
        host: '127.0.0.1',
        httpPort: 0,
        mqttPort: 0,
        logLevel: 'silent',
      },
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('hub reachable: exit 0, lists system and network as on, and leaves nothing on the hub', async () => {
    const result = await doctor(hub.mqttUrl, '--device-id', 'doctor-rig');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('doctor-rig');
    expect(result.stdout).toMatch(/^\s+system\s+on$/m);
    expect(result.stdout).toMatch(/^\s+network\s+on$/m);
    expect(result.stdout).toMatch(/^\s+connected$/m);
    // No status, meta or sample was published: the hub has not heard of the device.
    const headers = await testAuthHeaders(hub.store);
    const devices = await hub.app.inject({ url: '/api/v1/devices', headers });
    expect(JSON.stringify(devices.json())).not.toContain('doctor-rig');
    expect((await hub.app.inject({ url: '/api/v1/ingest', headers })).json()).toMatchObject({
      received_total: 0,
    });
  });

  it('--json prints one object with the same facts', async () => {
    const result = await doctor(hub.mqttUrl, '--json', '--device-id', 'doctor-json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      device_id: 'doctor-json',
      device_id_saved: false,
      hub: { url: hub.mqttUrl, status: 'connected' },
    });
    expect(report.agent_version).toMatch(/^\d+\.\d+\.\d+/);
    const byId = Object.fromEntries(report.collectors.map((c: { id: string }) => [c.id, c]));
    expect(byId.system).toEqual({ id: 'system', enabled: true });
    expect(byId.network).toEqual({ id: 'network', enabled: true });
    for (const off of report.collectors.filter((c: { enabled: boolean }) => !c.enabled)) {
      expect(off.reason, off.id).toEqual(expect.any(String));
    }
  });

  it('nothing listening: exit 1 and "unreachable"', async () => {
    const result = await doctor(`mqtt://127.0.0.1:${await freePort()}`);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/unreachable: .*ECONNREFUSED/);
  });

  it('credentials refused: exit 1 and the broker reason', async () => {
    const broker = await fakeBroker(4);
    try {
      const result = await doctor(broker.url, '--json', '--username', 'rig', '--password', 'wrong');
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout).hub).toMatchObject({
        status: 'refused',
        code: 4,
        reason: 'bad username or password',
        username: 'rig',
      });
      expect(result.stdout).not.toContain('wrong');
    } finally {
      await broker.close();
    }
  });

  it('against a hub with device auth: a real token connects, a wrong one is refused with code 4', async () => {
    const secured = await startHub(
      hubConfig({
        dataDir: mkdtempSync(join(tmpdir(), 'nt-doctor-auth-')),
        httpPort: 0,
        mqttPort: 0,
        logLevel: 'silent',
      }),
      pino({ level: 'silent' }),
    );
    try {
      const credential = await addDeviceCredential(secured.store, 'Doctor rig', 'doctor-auth');
      const ok = await doctor(
        secured.mqttUrl,
        '--device-id',
        'doctor-auth',
        '--password',
        credential?.token ?? '',
      );
      expect(ok.code, ok.stdout).toBe(0);
      const refused = await doctor(
        secured.mqttUrl,
        '--json',
        '--device-id',
        'doctor-auth',
        '--password',
        'wrong-token',
      );
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout).hub).toMatchObject({ status: 'refused', code: 4 });
    } finally {
      await secured.close();
    }
  });

  it('a broker that never answers: exit 1 and "unreachable" after the timeout', async () => {
    const broker = await fakeBroker(null);
    try {
      const started = Date.now();
      const result = await doctor(broker.url);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/unreachable: /);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await broker.close();
    }
  });
});
