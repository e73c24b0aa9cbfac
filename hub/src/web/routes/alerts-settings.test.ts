import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAlertsConfig } from '../../alerts/config.js';
import { AlertService } from '../../alerts/scheduler.js';
import { build } from '../../app.js';
import { IngestCounters } from '../../ingest/counters.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { testAuthHeaders } from '../testing/auth.js';

const BOT = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const channels = [
  { type: 'telegram', botToken: BOT, chatId: 42 },
  { type: 'discord', id: 'ops', webhookUrl: 'https://discord.com/api/webhooks/1234/secret-part' },
  {
    type: 'webhook',
    url: 'https://hooks.example/in',
    secret: 'whsec-0123456789',
    headers: { 'x-key': 'k-1' },
  },
];

describe('GET/PUT /api/v1/alerts/rules and /api/v1/alerts/channels', () => {
  let store: Store;
  let service: AlertService;
  let app: ReturnType<typeof build>;
  let auth: Record<string, string>;
  beforeEach(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-alert-routes-')), 'nodetally.db'));
    service = new AlertService({
      store,
      config: resolveAlertsConfig({ rules: { offline: { afterMinutes: 15 } }, channels }),
      offlineAfterIntervals: 3,
      log: pino({ level: 'silent' }),
    });
    app = build({ store, counters: new IngestCounters(), alerts: { service } });
    auth = await testAuthHeaders(store);
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });
  const call = (method: 'GET' | 'PUT', url: string, payload?: unknown, headers = auth) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('shows the rules in force: config file values and defaults, each rule with its title', async () => {
    const r = await call('GET', '/api/v1/alerts/rules');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.rules.offline).toEqual({
      enabled: true,
      minDurationMs: 0,
      cooldownMs: 3_600_000,
      severity: 'critical',
      afterMinutes: 15,
    });
    expect(body.rules['earnings-drop']).toMatchObject({ dropPct: 30 });
    expect(body.catalog).toContainEqual({ kind: 'reboot', title: expect.any(String), type: 'event' });
    expect(body).toMatchObject({
      sites: {},
      quietHours: null,
      groupWaitMs: 60_000,
      overrides: null,
      updated_ms: null,
    });
  });

  it('saves rule changes over the config file, in force at once; an invalid one is refused with its path', async () => {
    const put = await call('PUT', '/api/v1/alerts/rules', {
      rules: { 'earnings-drop': { dropPct: 20 } },
      sites: { roof: ['rig-1', 'rig-2'] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().rules['earnings-drop']).toMatchObject({ dropPct: 20, cooldownMs: 86_400_000 });
    expect(put.json().rules.offline.afterMinutes).toBe(15);
    expect(service.config.sites).toEqual({ roof: ['rig-1', 'rig-2'] });
    const bad = await call('PUT', '/api/v1/alerts/rules', { rules: { offline: { afterMinutes: 'soon' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: 'NT_ERR_ALERTS_SETTINGS',
      message: expect.stringContaining('alerts/rules/offline/afterMinutes'),
    });
    const twice = await call('PUT', '/api/v1/alerts/rules', { sites: { a: ['rig-1'], b: ['rig-1'] } });
    expect(twice.statusCode).toBe(400);
    const unknown = await call('PUT', '/api/v1/alerts/rules', { rules: { 'no-such-rule': {} } });
    expect(unknown.statusCode).toBe(400);
    const now = (await call('GET', '/api/v1/alerts/rules')).json();
    expect(now.overrides).toEqual({
      rules: { 'earnings-drop': { dropPct: 20 } },
      sites: { roof: ['rig-1', 'rig-2'] },
    });
    expect(now.updated_ms).toEqual(expect.any(Number));
  });

  it('masks secrets on GET and keeps them when the masked value is sent back', async () => {
    const got = (await call('GET', '/api/v1/alerts/channels')).json();
    expect(got.saved).toBe(false);
    expect(got.channels).toEqual([
      expect.objectContaining({ type: 'telegram', botToken: '********', chatId: 42 }),
      expect.objectContaining({ type: 'discord', id: 'ops', webhookUrl: 'https://discord.com/********' }),
      expect.objectContaining({ type: 'webhook', secret: '********', headers: { 'x-key': '********' } }),
    ]);
    expect(JSON.stringify(got)).not.toMatch(/AAHdq|secret-part|whsec|k-1/);
    // The page sends the list back with one change (the chat) and the masks as they were.
    const next = got.channels.map((c: Record<string, unknown>) =>
      c.type === 'telegram' ? { ...c, chatId: 43 } : c,
    );
    const put = await call('PUT', '/api/v1/alerts/channels', { channels: next });
    expect(put.statusCode).toBe(200);
    expect(put.json().saved).toBe(true);
    expect(service.config.channels).toEqual([
      expect.objectContaining({ type: 'telegram', botToken: BOT, chatId: 43 }),
      expect.objectContaining({ webhookUrl: 'https://discord.com/api/webhooks/1234/secret-part' }),
      expect.objectContaining({ secret: 'whsec-0123456789', headers: { 'x-key': 'k-1' } }),
    ]);
    const stray = await call('PUT', '/api/v1/alerts/channels', {
      channels: [{ type: 'slack', webhookUrl: 'https://hooks.slack.com/********' }],
    });
    expect(stray.statusCode).toBe(400);
    expect(stray.json().message).toMatch(/channels\/0\/webhookUrl: masked/);
    const dup = await call('PUT', '/api/v1/alerts/channels', { channels: [channels[0], channels[0]] });
    expect(dup.statusCode).toBe(400);
  });

  it('refuses changes without credentials', async () => {
    expect((await call('PUT', '/api/v1/alerts/rules', { rules: {} }, {})).statusCode).toBe(401);
    expect((await call('PUT', '/api/v1/alerts/channels', { channels: [] }, {})).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/alerts/channels', undefined, {})).statusCode).toBe(401);
  });
});
