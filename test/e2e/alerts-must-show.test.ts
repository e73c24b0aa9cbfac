import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaptureServer,
  recorded,
  startCapture,
} from '../../hub/src/alerts/notifiers/testing/capture-server.js';
import { startSmtp, unQp } from '../../hub/src/alerts/notifiers/testing/smtp.js';
import { addSilence, emptyState } from '../../hub/src/alerts/state.js';
import { type EarnerScenario, seedEarner } from '../../hub/src/alerts/testing/earnings-store.js';
import { generateToken, hashToken } from '../../hub/src/auth/tokens.js';
import { openSqliteStore } from '../../hub/src/store/sqlite/index.js';
import { bearer, createHubToken } from '../support/hub-auth.js';
import { freePort } from '../support/ports.js';
import { hubCli, type Running, startNode, stopAll } from '../support/processes.js';
import { validSample } from '../support/sample.js';
import { getJson, waitFor } from '../support/wait.js';

/**
 * Issue 7's must-shows against a real hub process: six channels, each a local server speaking the
 * service's recorded answers (email: a real SMTP server); devices that speak MQTT like the agent
 * (Last Will, retained status, meta, a sample a second); earnings from stored telemetry, rewards and
 * prices, computed by the hub's earnings engine.
 */
const EARNER = 'hotspot-host';
const FLAPPER = 'flappy-rig';
const ROOF = Array.from({ length: 20 }, (_, i) => `roof-${String(i + 1).padStart(2, '0')}`);
const BOT = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const COOLDOWN_MS = 12_000;
const testdata = (path: string) =>
  recorded(new URL(`../../hub/src/alerts/notifiers/${path}`, import.meta.url));

type Channel = 'webhook' | 'telegram' | 'discord' | 'slack' | 'ntfy' | 'email';
const CHANNELS: Channel[] = ['webhook', 'telegram', 'discord', 'slack', 'ntfy', 'email'];

describe('end to end: alerts operators trust (issue 7 must-shows)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nt-e2e-alerts-trust-'));
  const configFile = join(dataDir, 'hub.json');
  const deviceToken = generateToken();
  let http: Record<Exclude<Channel, 'email'>, CaptureServer>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Running;
  let base: string;
  let mqttUrl: string;
  let auth: Record<string, string>;
  let earner: EarnerScenario;
  const seqs = new Map<string, number>();

  /** Every message each channel received, as text (JSON normalized, e-mail decoded). */
  const inbox = (): Record<Channel, string[]> => ({
    ...(Object.fromEntries(
      Object.entries(http).map(([k, s]) => [k, s.requests.map((r) => JSON.stringify(JSON.parse(r.raw)))]),
    ) as Record<Exclude<Channel, 'email'>, string[]>),
    email: smtp.mails.map((m) => unQp(m.raw)),
  });
  const counts = (...needles: string[]) =>
    Object.fromEntries(
      Object.entries(inbox()).map(([k, msgs]) => [
        k,
        msgs.filter((m) => needles.every((n) => m.includes(n))).length,
      ]),
    );
  const each = (n: number) => Object.fromEntries(CHANNELS.map((c) => [c, n]));
  const same = (a: Record<string, number>, b: Record<string, number>) =>
    JSON.stringify(a) === JSON.stringify(b);

  /** A device as the agent speaks MQTT: will, retained status, meta with a 1 s interval, a sample a second. */
  async function connect(id: string): Promise<{ drop(): void; client: MqttClient }> {
    const status = (state: string) => JSON.stringify({ v: 1, state, ts: Date.now() });
    const topic = (kind: string) => `nodetally/v1/${id}/${kind}`;
    const client = await mqtt.connectAsync(mqttUrl, {
      clientId: `nodetally-agent-${id}`,
      username: id,
      password: deviceToken,
      reconnectPeriod: 0,
      will: { topic: topic('status'), payload: Buffer.from(status('offline')), qos: 1, retain: true },
    });
    await client.publishAsync(topic('status'), status('online'), { qos: 1, retain: true });
    const meta = {
      v: 1,
      device_id: id,
      ts: Date.now(),
      hostname: id,
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-18-amd64',
      arch: 'x64',
      cpu_model: 'AMD Ryzen 5 5600G with Radeon Graphics',
      cpu_cores: 12,
      mem_total_bytes: 25_274_793_984,
      agent_version: '0.1.0',
      interval_s: 1,
    };
    await client.publishAsync(topic('meta'), JSON.stringify(meta), { qos: 1, retain: true });
    const publish = () => {
      const seq = (seqs.get(id) ?? 0) + 1;
      seqs.set(id, seq);
      const s = validSample({ device_id: id, seq, ts: Date.now(), uptime_s: 1_000 + seq });
      client.publish(topic('samples'), JSON.stringify(s), { qos: 1 });
    };
    publish();
    const timer = setInterval(publish, 1_000);
    return {
      client,
      /** Gone without a goodbye (power cut): the broker sends the Last Will. */
      drop() {
        clearInterval(timer);
        client.stream.destroy();
        client.end(true);
      },
    };
  }

  beforeAll(async () => {
    http = {
      webhook: await startCapture([testdata('webhook/testdata/receiver-204.json')]),
      telegram: await startCapture([testdata('telegram/testdata/sendMessage-ok.json')]),
      discord: await startCapture([testdata('discord/testdata/execute-204.json')]),
      slack: await startCapture([testdata('slack/testdata/ok.json')]),
      ntfy: await startCapture([testdata('ntfy/testdata/publish-ok.json')]),
    };
    smtp = await startSmtp();
    const httpPort = await freePort();
    const mqttPort = await freePort();
    base = `http://127.0.0.1:${httpPort}`;
    mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    writeFileSync(
      configFile,
      JSON.stringify({
        dataDir,
        httpPort,
        mqttPort,
        logLevel: 'warn',
        offlineAfterIntervals: 3,
        alerts: {
          intervalS: 0.5,
          groupWaitMs: 2_500,
          earningsRefreshS: 1,
          sites: { roof: ROOF },
          rules: {
            offline: { afterMinutes: 0.05, cooldownMs: COOLDOWN_MS },
            'earnings-drop': { cooldownMs: 0 },
          },
          channels: [
            {
              type: 'webhook',
              url: `${http.webhook.baseUrl}/hooks/nodetally`,
              secret: 'whsec-e2e-0123456789',
            },
            { type: 'telegram', baseUrl: http.telegram.baseUrl, botToken: BOT, chatId: -1001234567890 },
            { type: 'discord', webhookUrl: `${http.discord.baseUrl}/api/webhooks/1234/discord-token` },
            { type: 'slack', webhookUrl: `${http.slack.baseUrl}/services/T0/B0/slack-secret` },
            { type: 'ntfy', baseUrl: http.ntfy.baseUrl, topic: 'farm-alerts' },
            {
              type: 'email',
              host: '127.0.0.1',
              port: smtp.port,
              from: 'hub@farm.test',
              to: ['ops@farm.test'],
            },
          ],
        },
      }),
    );
    // What the hub finds on its first start: devices enrolled, 29 days of the earner's history, and
    // a silence on the earner's offline alerts (it sends no live samples in this test).
    const store = openSqliteStore(join(dataDir, 'nodetally.db'));
    const now = Date.now();
    for (const id of [FLAPPER, ...ROOF]) await store.addDevice(id, id, hashToken(deviceToken), now);
    earner = await seedEarner(store, EARNER, now);
    await store.saveAlertState(
      addSilence(emptyState(), {
        id: 'earner-offline',
        rule: 'offline',
        device_id: EARNER,
        until: now + 3_600_000,
      }),
      now,
    );
    await store.close();
    auth = bearer(await createHubToken(['--config', configFile]));
    hub = startNode(hubCli, ['--config', configFile]);
    await waitFor('hub /healthz', () => getJson(`${base}/healthz`), 20_000).catch((error) => {
      throw new Error(`${error}\nhub output:\n${hub.output()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await stopAll();
    for (const s of Object.values(http ?? {})) await s.close();
    await smtp?.close();
  });

  it('(a) an earnings drop yields one message per channel naming its cause; the recovery one resolved message', async () => {
    const cause = `−40.0%: price −22.5%, uptime −17.5% (net $0.60/day on ${earner.day} vs 28-day median $1.00/day)`;
    await waitFor(
      `one earnings-drop message on every channel (hub output: ${hub.output()})`,
      () => same(counts('FIRING', EARNER, 'earnings drop'), each(1)),
      30_000,
    );
    for (const c of CHANNELS)
      expect(
        inbox()[c].find((m) => m.includes('earnings drop')),
        c,
      ).toContain(cause);
    await sleep(2_000); // several more evaluations and earnings refreshes: nothing more
    expect(counts(EARNER)).toEqual(each(1));

    // The reward source catches up: yesterday's late payout lifts net to $1.05/day.
    const store = openSqliteStore(join(dataDir, 'nodetally.db'));
    await earner.latePayout(store);
    await store.close();
    await waitFor(
      'one resolved earnings-drop message on every channel',
      () => same(counts('RESOLVED', EARNER, 'earnings drop'), each(1)),
      30_000,
    );
    await sleep(2_000);
    expect(counts(EARNER)).toEqual(each(2));
    const body = await getJson<{ deliveries: Array<{ rule: string; message_status: string; ok: boolean }> }>(
      `${base}/api/v1/alerts`,
      auth,
    );
    const sent = body.deliveries.filter((d) => d.rule === 'earnings-drop');
    expect(sent.map((d) => `${d.message_status}:${d.ok}`).sort()).toEqual([
      ...Array(6).fill('firing:true'),
      ...Array(6).fill('resolved:true'),
    ]);
  }, 90_000);

  it('(b) a device flapping within the cool-down costs no extra message; one resolved at its end', async () => {
    let device = await connect(FLAPPER);
    await sleep(2_000);
    device.drop();
    await waitFor(
      `offline message on every channel (hub output: ${hub.output()})`,
      () => same(counts('FIRING', FLAPPER, 'offline'), each(1)),
      20_000,
    );
    const firedAt = Date.now();
    device = await connect(FLAPPER); // back …
    await sleep(1_500);
    device.drop(); // … gone again …
    await sleep(4_500);
    device = await connect(FLAPPER); // … and back, all inside the cool-down
    expect(Date.now() - firedAt).toBeLessThan(COOLDOWN_MS);
    expect(counts(FLAPPER)).toEqual(each(1));
    await waitFor(
      'one resolved message when the cool-down is over',
      () => same(counts('RESOLVED', FLAPPER, 'offline'), each(1)),
      25_000,
    );
    await sleep(2_000);
    expect(counts(FLAPPER)).toEqual(each(2));
    const { history } = await getJson<{ history: Array<{ rule: string; device_id: string; to: string }> }>(
      `${base}/api/v1/alerts?limit=1000`,
      auth,
    );
    // The engine did see it flap: fired twice, cleared twice, for two messages in all.
    const flaps = history.filter((h) => h.rule === 'offline' && h.device_id === FLAPPER);
    expect(flaps.filter((h) => h.to === 'firing').length).toBeGreaterThanOrEqual(2);
    expect(flaps.filter((h) => h.to === 'ok').length).toBeGreaterThanOrEqual(2);
    device.drop();
  }, 90_000);

  it('(b) twenty devices at one site going offline together give one grouped message', async () => {
    const devices = await Promise.all(ROOF.map((id) => connect(id)));
    await sleep(2_500);
    for (const d of devices) d.drop();
    await waitFor(
      `grouped offline message on every channel (hub output: ${hub.output()})`,
      () => same(counts('FIRING', 'offline: 20 devices at roof'), each(1)),
      25_000,
    );
    await sleep(4_000);
    for (const c of CHANNELS) {
      const roof = inbox()[c].filter((m) => ROOF.some((id) => m.includes(id)));
      expect(roof, c).toHaveLength(1);
      for (const id of ROOF) expect(roof[0], c).toContain(id);
    }
  }, 90_000);
  it('channels and rules changed through the API apply without a restart; secrets stay masked and kept', async () => {
    const put = (path: string, body: unknown, headers = auth) =>
      fetch(`${base}${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const shown = await getJson<{ channels: Array<Record<string, unknown>> }>(
      `${base}/api/v1/alerts/channels`,
      auth,
    );
    expect(JSON.stringify(shown)).not.toMatch(/whsec-e2e|AAHdq|discord-token|slack-secret/);
    const read = bearer(await createHubToken(['--config', configFile], 'read'));
    expect((await put('/api/v1/alerts/channels', shown, read)).status).toBe(403);
    // Sent back as shown (masked), without the e-mail channel.
    const saved = await put('/api/v1/alerts/channels', {
      channels: shown.channels.filter((c) => c.type !== 'email'),
    });
    expect(saved.status).toBe(200);
    const before = http.webhook.requests.length;
    const mails = smtp.mails.length;
    const test = await fetch(`${base}/api/v1/alerts/test`, { method: 'POST', headers: auth });
    const { results } = (await test.json()) as { results: Array<{ channel: string; ok: boolean }> };
    expect(results.map((r) => `${r.channel}:${r.ok}`).sort()).toEqual(
      ['discord', 'ntfy', 'slack', 'telegram', 'webhook'].map((c) => `${c}:true`),
    );
    expect(smtp.mails.length).toBe(mails);
    // The kept secret still signs: HMAC-SHA256 of the body with the configured secret.
    const signed = http.webhook.requests[before];
    const mac = createHmac('sha256', 'whsec-e2e-0123456789')
      .update(signed?.raw ?? '')
      .digest('hex');
    expect(signed?.headers['x-nodetally-signature-256']).toBe(`sha256=${mac}`);
    expect(http.telegram.requests.at(-1)?.path).toBe(`/bot${BOT}/sendMessage`);

    const rules = await put('/api/v1/alerts/rules', { rules: { offline: { afterMinutes: 30 } } });
    expect(rules.status).toBe(200);
    const now = await getJson<{ rules: { offline: { afterMinutes: number; cooldownMs: number } } }>(
      `${base}/api/v1/alerts/rules`,
      auth,
    );
    expect(now.rules.offline).toMatchObject({ afterMinutes: 30, cooldownMs: COOLDOWN_MS });
  }, 60_000);
});
