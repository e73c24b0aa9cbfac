import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/types.js';
import { resolveAlertsConfig } from './config.js';
import { type CaptureServer, startCapture } from './notifiers/testing/capture-server.js';
import { AlertService } from './scheduler.js';
import { agentSample, seedEarner } from './testing/earnings-store.js';

const log = pino({ level: 'silent' });
const fast = { http: { retries: 0, sleep: async () => {} } };
const titles = (s: CaptureServer) => s.requests.map((r) => JSON.parse(r.raw).title as string);
const texts = (s: CaptureServer) => s.requests.map((r) => JSON.parse(r.raw).text as string);

describe('AlertService on a real SQLite store', () => {
  let dir: string;
  let file: string;
  let store: Store;
  let hook: CaptureServer;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nt-alert-service-'));
    file = join(dir, 'nodetally.db');
    store = openSqliteStore(file);
  });
  afterEach(async () => {
    await store.close();
    await hook?.close();
  });

  const service = (now: () => number, alerts: Record<string, unknown> = {}) =>
    new AlertService({
      store,
      config: resolveAlertsConfig({
        groupWaitMs: 0,
        channels: [{ type: 'webhook', id: 'hook', url: `${hook.baseUrl}/in` }],
        ...alerts,
      }),
      offlineAfterIntervals: 3,
      log,
      sendOptions: fast,
      now,
    });

  /** A device whose last sample is an hour old: the offline rule fires on the first evaluation. */
  const silentDevice = async (id: string, now: number) => {
    const s = agentSample(id, 1, now - 3_600_000, 'b', 10);
    await store.insertSamples([{ sample: s, receivedMs: s.ts }]);
  };

  it('earnings drop computed from stored telemetry, rewards and prices names its cause; a late payout resolves it', async () => {
    hook = await startCapture([{ status: 204 }]);
    const now = Date.now();
    const earner = await seedEarner(store, 'hotspot-host', now);
    let t = now;
    const s = service(() => t, {
      earningsRefreshS: 1,
      rules: { offline: { enabled: false }, 'earnings-drop': { cooldownMs: 0 } },
    });
    await s.evaluate();
    t += 2_000;
    await s.evaluate();
    expect(titles(hook)).toEqual(['[FIRING] hotspot-host: earnings drop']);
    expect(texts(hook)[0]).toBe(
      `hotspot-host: −40.0%: price −22.5%, uptime −17.5% (net $0.60/day on ${earner.day} vs 28-day median $1.00/day)`,
    );
    await earner.latePayout();
    t += 2_000;
    await s.evaluate();
    t += 2_000;
    await s.evaluate();
    expect(titles(hook)).toEqual([
      '[FIRING] hotspot-host: earnings drop',
      '[RESOLVED] hotspot-host: earnings drop',
    ]);
  });

  it('a message committed but not yet sent when the hub dies is sent once after the restart', async () => {
    hook = await startCapture([{ status: 204 }]);
    const now = Date.now();
    await silentDevice('rig-1', now);
    expect(await service(() => now).recordOnly()).toBe(2); // ok → pending → firing
    expect(hook.requests).toHaveLength(0);
    await store.close();
    store = openSqliteStore(file); // the restart
    const after = service(() => now + 1_000);
    expect((await after.deliverOnly()).map((d) => d.ok)).toEqual([true]);
    await after.evaluate();
    await after.deliverOnly();
    expect(titles(hook)).toEqual(['[FIRING] rig-1: offline']);
    expect(await store.listPendingAlertDeliveries()).toEqual([]);
    expect((await store.listAlertDeliveries(10)).map((d) => [d.channel, d.message_status, d.ok])).toEqual([
      ['hook', 'firing', true],
    ]);
  });

  it('a refused message stays queued with backoff and holds back the later ones of its channel', async () => {
    hook = await startCapture([{ status: 503 }, { status: 204 }]);
    const now = Date.now();
    await silentDevice('rig-1', now);
    let t = now;
    const s = service(() => t, { rules: { offline: { cooldownMs: 0 } } });
    const first = await s.evaluate();
    expect(first.delivered.map((d) => [d.ok, d.status])).toEqual([[false, 503]]);
    const [queued] = await store.listPendingAlertDeliveries();
    expect(queued).toMatchObject({ attempts: 1, next_ms: now + 60_000 });
    // The device comes back: its resolved message waits behind the refused firing one.
    const back = agentSample('rig-1', 2, now + 1_000, 'b', 3_611);
    await store.insertSamples([{ sample: back, receivedMs: back.ts }]);
    t = now + 2_000;
    expect((await s.evaluate()).delivered).toEqual([]);
    expect((await store.listPendingAlertDeliveries()).map((p) => p.message_id)).toEqual([
      expect.stringMatching(/^offline:firing:/),
      expect.stringMatching(/^offline:resolved:/),
    ]);
    t = now + 61_000;
    await s.deliverOnly();
    expect(titles(hook)).toEqual([
      '[FIRING] rig-1: offline',
      '[FIRING] rig-1: offline',
      '[RESOLVED] rig-1: offline',
    ]);
    expect(await store.listPendingAlertDeliveries()).toEqual([]);
  });

  it('rules and channels saved at runtime go over the config file and apply at once', async () => {
    hook = await startCapture([{ status: 204 }]);
    const now = Date.now();
    await silentDevice('rig-1', now);
    const s = service(() => now);
    await s.saveSettings({
      rules: { rules: { offline: { afterMinutes: 120 } }, sites: { roof: ['rig-1'] } },
    });
    expect(s.config.rules.offline).toMatchObject({ afterMinutes: 120, cooldownMs: 3_600_000 });
    expect((await s.evaluate()).delivered).toEqual([]);
    await expect(s.saveSettings({ rules: { rules: { offline: { afterMinutes: -1 } } } })).rejects.toThrow(
      /alerts\/rules\/offline\/afterMinutes/,
    );
    expect(s.config.rules.offline).toMatchObject({ afterMinutes: 120 });
    await s.saveSettings({ rules: { rules: {} }, channels: [] });
    expect(s.config.channels).toEqual([]);
    expect((await s.evaluate()).delivered).toEqual([]);
    expect(hook.requests).toHaveLength(0);
  });
});
