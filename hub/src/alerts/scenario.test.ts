import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAlertsConfig } from './config.js';
import { evaluateAlerts } from './evaluate.js';
import type { AlertMessage } from './message.js';
import { createNotifier, deliver } from './notifiers/index.js';
import { type CaptureServer, startCapture } from './notifiers/testing/capture-server.js';
import { startSmtp, unQp } from './notifiers/testing/smtp.js';
import { type AlertState, emptyState } from './state.js';
import { earningsFor } from './testing/earnings.js';
import { device, MIN } from './testing/fixtures.js';
import type { DeviceInput } from './types.js';

/**
 * The whole path with the default rules: evaluations every minute (or 30 s), messages delivered to
 * one channel of each kind, each served by a local server speaking the service's recorded answers.
 */
let http: Record<'webhook' | 'telegram' | 'discord' | 'slack' | 'ntfy', CaptureServer>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const token = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

beforeAll(async () => {
  http = {
    webhook: await startCapture([{ status: 204 }]),
    telegram: await startCapture([{ status: 200, body: '{"ok":true,"result":{"message_id":9}}' }]),
    discord: await startCapture([{ status: 204 }]),
    slack: await startCapture([{ status: 200, body: 'ok' }]),
    ntfy: await startCapture([{ status: 200, body: '{"id":"RXIQBFaieLVr","event":"message"}' }]),
  };
  smtp = await startSmtp();
});
afterAll(async () => {
  for (const s of Object.values(http)) await s.close();
  await smtp.close();
});

const config = () =>
  resolveAlertsConfig({
    channels: [
      { type: 'webhook', url: `${http.webhook.baseUrl}/in`, secret: 'whsec-0123456789abcdef' },
      { type: 'telegram', baseUrl: http.telegram.baseUrl, botToken: token, chatId: 42 },
      { type: 'discord', webhookUrl: `${http.discord.baseUrl}/api/webhooks/1/tok` },
      { type: 'slack', webhookUrl: `${http.slack.baseUrl}/services/T/B/X` },
      { type: 'ntfy', baseUrl: http.ntfy.baseUrl, topic: 'farm' },
      { type: 'email', host: '127.0.0.1', port: smtp.port, from: 'hub@farm.test', to: ['me@farm.test'] },
    ],
  });

/** What each channel received, as text, in order. */
function inbox(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, s] of Object.entries(http))
    out[name] = s.requests.map((r) => JSON.parse(r.raw) as unknown).map((b) => JSON.stringify(b));
  out.email = smtp.mails.map((m) => unQp(m.raw));
  return out;
}
const reset = () => {
  for (const s of Object.values(http)) s.requests.length = 0;
  smtp.mails.length = 0;
};

async function simulate(
  state: AlertState,
  from: number,
  minutes: number,
  devicesAt: (t: number) => DeviceInput[],
  stepMs = MIN,
) {
  const c = config();
  const notifiers = c.channels.map(createNotifier);
  const messages: AlertMessage[] = [];
  let s = state;
  for (let t = from; t <= from + minutes * MIN; t += stepMs) {
    const r = evaluateAlerts(s, devicesAt(t), c, t);
    s = r.state;
    messages.push(...r.messages);
    const results = await deliver(notifiers, r.messages, { http: { sleep: async () => {} } });
    expect(results.filter((x) => !x.ok)).toEqual([]);
  }
  return { state: s, messages };
}

describe('scenario: an earnings drop, its recovery, a flapping device and a site outage', () => {
  it('an earnings drop is one message per channel naming the cause; recovery is one resolved message', async () => {
    reset();
    const day1 = Date.UTC(2026, 2, 5, 6, 0);
    const dropped = device('rig-1', {
      name: 'Garage 3080',
      last_seen_ms: day1,
      earnings: earningsFor('2026-03-04', 80n, 7_500n, 69_120),
    });
    const first = await simulate(emptyState(), day1, 60, (t) => [{ ...dropped, last_seen_ms: t }]);
    expect(first.messages.map((m) => m.title)).toEqual(['[FIRING] Garage 3080 (rig-1): earnings drop']);
    const got = inbox();
    for (const [channel, items] of Object.entries(got)) {
      expect(items, channel).toHaveLength(1);
      expect(items[0], channel).toContain('−40.0%: price −22.5%, uptime −17.5%');
    }
    reset();
    const day2 = Date.UTC(2026, 2, 6, 6, 0);
    const recovered = { ...dropped, earnings: earningsFor('2026-03-05', 100n, 10_000n, 86_400) };
    const second = await simulate(first.state, day2, 60, (t) => [{ ...recovered, last_seen_ms: t }]);
    expect(second.messages.map((m) => m.title)).toEqual(['[RESOLVED] Garage 3080 (rig-1): earnings drop']);
    for (const [channel, items] of Object.entries(inbox())) {
      expect(items, channel).toHaveLength(1);
      expect(items[0], channel).toContain('RESOLVED');
    }
  });

  it('a device flapping within the cool-down produces no extra messages', async () => {
    reset();
    const t0 = Date.UTC(2026, 2, 7, 12, 0);
    // Offline [0, 30) min, back, offline [35, 50), back, offline [52, 60), then online for good.
    const downSince = (m: number) => (m < 30 ? 0 : m >= 35 && m < 50 ? 35 : m >= 52 && m < 60 ? 52 : null);
    const { messages } = await simulate(emptyState(), t0, 180, (t) => {
      const m = (t - t0) / MIN;
      const since = downSince(m);
      return [
        device('pi-7', {
          state: since === null ? 'online' : 'offline',
          last_seen_ms: since === null ? t : t0 + since * MIN,
        }),
      ];
    });
    // Fires at 10 min (+1 min group wait); the flaps fall in the 1 h cool-down; the resolution goes
    // out when the cool-down ends (71 min) plus the group wait.
    expect(messages.map((m) => [(m.ts - t0) / MIN, m.status])).toEqual([
      [11, 'firing'],
      [72, 'resolved'],
    ]);
    expect(inbox().webhook).toHaveLength(2);
  });

  it('twenty devices of one site going offline together produce one grouped message', async () => {
    reset();
    const t0 = Date.UTC(2026, 2, 8, 3, 0);
    const ids = Array.from({ length: 20 }, (_, i) => `roof-${String(i + 1).padStart(2, '0')}`);
    // The site's uplink failed 9 min ago: the devices' last samples are spread over 50 s, so they
    // cross the 10-minute offline threshold in different evaluations.
    const lastSeen = (i: number) => t0 - 9 * MIN - (i * 50_000) / 19;
    const { messages } = await simulate(
      emptyState(),
      t0,
      20,
      () => ids.map((id, i) => device(id, { site: 'roof', state: 'offline', last_seen_ms: lastSeen(i) })),
      30_000,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.title).toBe('[FIRING] offline: 20 devices at roof');
    for (const [channel, items] of Object.entries(inbox())) {
      expect(items, channel).toHaveLength(1);
      expect(items[0], channel).toContain('20 devices at roof');
    }
  });
});
