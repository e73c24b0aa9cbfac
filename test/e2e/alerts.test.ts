import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaptureServer,
  recorded,
  startCapture,
} from '../../hub/src/alerts/notifiers/testing/capture-server.js';
import { bearer, createHubToken } from '../support/hub-auth.js';
import { freePort } from '../support/ports.js';
import { agentCli, hubCli, type Running, runToEnd, startNode, stopAll } from '../support/processes.js';
import { validSample } from '../support/sample.js';
import { getJson, waitFor } from '../support/wait.js';

const DEVICE = 'alert-rig';
const BOT = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const telegramOk = recorded(
  new URL('../../hub/src/alerts/notifiers/telegram/testdata/sendMessage-ok.json', import.meta.url),
);

interface Delivery {
  message_id: string;
  rule: string;
  message_status: string;
  channel: string;
  ok: boolean;
}
interface AlertsBody {
  active: Array<{ rule: string; device_id: string; phase: string }>;
  history: Array<{ rule: string; device_id: string; from: string; to: string }>;
  deliveries: Delivery[];
}

/** The alert texts a capture server received: webhook JSON titles, or Telegram `text`s. */
const webhookTitles = (s: CaptureServer) => s.requests.map((r) => JSON.parse(r.raw).title as string);
const telegramTexts = (s: CaptureServer) => s.requests.map((r) => JSON.parse(r.raw).text as string);
const count = (texts: string[], re: RegExp) => texts.filter((t) => re.test(t)).length;

describe('end to end: the hub alerts over a webhook and Telegram when a real agent goes away', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nt-e2e-alerts-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'nt-e2e-alerts-agent-'));
  const configFile = join(dataDir, 'hub.json');
  let webhook: CaptureServer;
  let telegram: CaptureServer;
  let hub: Running;
  let agent: Running;
  let base: string;
  let mqttPort: number;
  let token: string;
  let admin: string;
  let auth: Record<string, string>;
  const texts = () => ({ webhook: webhookTitles(webhook), telegram: telegramTexts(telegram) });
  const alerts = () => getJson<AlertsBody>(`${base}/api/v1/alerts`, auth);
  const startAgent = () =>
    startNode(
      agentCli,
      ['run', '--hub-url', `mqtt://127.0.0.1:${mqttPort}`, '--interval-s', '1', '--state-dir', stateDir],
      { NODETALLY_DEVICE_ID: DEVICE, NODETALLY_PASSWORD: token, NODETALLY_LOG_LEVEL: 'warn' },
    );

  beforeAll(async () => {
    webhook = await startCapture([{ status: 204 }]);
    telegram = await startCapture([telegramOk]);
    const httpPort = await freePort();
    mqttPort = await freePort();
    base = `http://127.0.0.1:${httpPort}`;
    const config = {
      dataDir,
      httpPort,
      mqttPort,
      logLevel: 'warn',
      offlineAfterIntervals: 2,
      alerts: {
        intervalS: 0.5,
        groupWaitMs: 0,
        rules: {
          offline: { afterMinutes: 0.1, cooldownMs: 0 },
          reboot: { windowMinutes: 5 },
        },
        channels: [
          {
            type: 'webhook',
            id: 'ops-hook',
            url: `${webhook.baseUrl}/hooks/nodetally`,
            secret: 'whsec-e2e-0123456789',
          },
          { type: 'telegram', baseUrl: telegram.baseUrl, botToken: BOT, chatId: -1001234567890 },
        ],
      },
    };
    writeFileSync(configFile, JSON.stringify(config));
    const added = await runToEnd(process.execPath, [
      hubCli,
      'devices',
      'add',
      'Alert rig',
      DEVICE,
      '--config',
      configFile,
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    token = JSON.parse(added.stdout).token;
    admin = await createHubToken(['--config', configFile], 'admin');
    auth = bearer(await createHubToken(['--config', configFile], 'read'));
    hub = startNode(hubCli, ['--config', configFile]);
    await waitFor('hub /healthz', () => getJson(`${base}/healthz`), 20_000).catch((error) => {
      throw new Error(`${error}\nhub output:\n${hub.output()}`);
    });
    agent = startAgent();
  });

  afterAll(async () => {
    await stopAll();
    await webhook?.close();
    await telegram?.close();
  });

  it('a SIGKILLed agent yields exactly one offline message per channel, and one resolved when it is back', async () => {
    await waitFor('agent samples stored', async () => {
      const { devices } = await getJson<{
        devices: Array<{ device_id: string; state: string; latest: unknown }>;
      }>(`${base}/api/v1/devices`, auth);
      return devices.some((d) => d.device_id === DEVICE && d.state === 'online' && d.latest);
    });
    agent.child.kill('SIGKILL');
    await waitFor(
      `offline message on both channels (hub output: ${hub.output()})`,
      () =>
        count(texts().webhook, /FIRING.*offline/) === 1 && count(texts().telegram, /FIRING.*offline/) === 1,
      20_000,
    );
    // Several more evaluations: still one message each.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(count(texts().webhook, /offline/)).toBe(1);
    expect(count(texts().telegram, /offline/)).toBe(1);
    expect(telegram.requests[0]?.path).toBe(`/bot${BOT}/sendMessage`);
    expect(webhook.requests[0]?.headers['x-nodetally-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);

    agent = startAgent();
    await waitFor(
      'resolved message on both channels',
      () =>
        count(texts().webhook, /RESOLVED.*offline/) === 1 &&
        count(texts().telegram, /RESOLVED.*offline/) === 1,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(count(texts().webhook, /offline/)).toBe(2);
    expect(count(texts().telegram, /offline/)).toBe(2);

    const body = await alerts();
    const offline = body.history.filter((h) => h.rule === 'offline' && h.device_id === DEVICE);
    expect(offline.map((h) => `${h.from}>${h.to}`).reverse()).toEqual([
      'ok>pending',
      'pending>firing',
      'firing>ok',
    ]);
    const sent = body.deliveries.filter((d) => d.rule === 'offline');
    expect(sent.map((d) => `${d.channel}:${d.message_status}:${d.ok}`).sort()).toEqual([
      'ops-hook:firing:true',
      'ops-hook:resolved:true',
      'telegram:firing:true',
      'telegram:resolved:true',
    ]);
    expect(body.active.filter((a) => a.rule === 'offline')).toEqual([]);
  });

  it('a sample with another boot_id yields one reboot message per channel', async () => {
    // The agent stops first: a sample of its own boot stored before the evaluation would read as a
    // second boot change ("2 reboots, last at <its boot>"), a race, not what this test is about.
    const exited = new Promise((resolve) => agent.child.once('exit', resolve));
    agent.child.kill('SIGKILL');
    await exited;
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      username: DEVICE,
      password: token,
      clientId: `${DEVICE}-crafted`,
    });
    const now = Date.now();
    const crafted = validSample({
      device_id: DEVICE,
      seq: 1_000_000,
      ts: now,
      boot_id: 'c0ffee00-0000-4000-8000-000000000001',
      uptime_s: 42,
    });
    await client.publishAsync(`nodetally/v1/${DEVICE}/samples`, JSON.stringify(crafted), { qos: 1 });
    await client.endAsync();
    await waitFor(
      `reboot message on both channels (hub output: ${hub.output()})`,
      () => count(texts().webhook, /reboot/) === 1 && count(texts().telegram, /reboot/) === 1,
      15_000,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(count(texts().webhook, /reboot/)).toBe(1);
    expect(count(texts().telegram, /reboot/)).toBe(1);
    expect(texts().telegram.find((t) => /reboot/.test(t))).toContain(
      new Date(now - 42_000).toISOString().slice(0, 16).replace('T', ' '),
    );
  });

  it('silences and "send test" need an admin API token; the test reaches every channel', async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const silence = { rule: 'offline', until: Date.now() + 60_000 };
    expect((await post('/api/v1/alerts/silences', silence)).status).toBe(401);
    expect((await post('/api/v1/alerts/silences', silence, auth)).status).toBe(403); // read scope
    const created = await post(
      '/api/v1/alerts/silences',
      { id: 'maint', device_id: DEVICE, until: Date.now() + 60_000 },
      bearer(admin),
    );
    expect(created.status).toBe(201);
    expect(
      (await getJson<{ silences: Array<{ id: string }> }>(`${base}/api/v1/alerts`, auth)).silences,
    ).toEqual([expect.objectContaining({ id: 'maint', device_id: DEVICE })]);
    const removed = await fetch(`${base}/api/v1/alerts/silences/maint`, {
      method: 'DELETE',
      headers: bearer(admin),
    });
    expect(removed.status).toBe(204);

    const before = webhook.requests.length;
    const test = await post('/api/v1/alerts/test', {}, bearer(admin));
    expect(test.status).toBe(200);
    const { results } = (await test.json()) as { results: Delivery[] };
    expect(results.map((r) => `${r.channel}:${r.message_status}:${r.ok}`).sort()).toEqual([
      'ops-hook:test:true',
      'telegram:test:true',
    ]);
    expect(webhookTitles(webhook).slice(before)).toEqual(['[TEST] nodetally notification test']);
  });
});
