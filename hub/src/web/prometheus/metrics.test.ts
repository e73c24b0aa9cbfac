import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rtx4090Gpu, validSample } from '../../../../test/support/sample.js';
import { build } from '../../app.js';
import { type EarningsService, startEarnings } from '../../earnings-service/service.js';
import { DEFAULT_EARNINGS } from '../../earnings-service/settings.js';
import { Ingest } from '../../ingest/ingest.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { testAuthHeaders } from '../testing/auth.js';

const silent = pino({ level: 'silent' });
const PROMTOOL = process.env.NODETALLY_PROMTOOL ?? '/usr/bin/promtool';
const HOUR_MS = 3_600_000;

const gpu = rtx4090Gpu;

/** `name{a="x",b="y"} value` lines → one entry per series. */
function parse(text: string) {
  const series: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]),
    );
    series.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return (name: string, labels: Record<string, string> = {}) =>
    series
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .map((s) => s.value);
}

describe('GET /metrics (prom-client, a registry per app)', () => {
  let store: Store;
  let ingest: Ingest;
  let earnings: EarningsService;
  let app: FastifyInstance;
  const now = Date.now();

  const scrape = async (target = app) => {
    const response = await target.inject({ url: '/metrics', headers: await testAuthHeaders(store) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return response.body;
  };

  beforeEach(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-metrics-')), 'hub.db'));
    ingest = new Ingest({ store, log: silent, sendAck: () => {}, now: () => now });
    const send = (sample: Record<string, unknown>) =>
      ingest.receive(`nodetally/v1/${sample.device_id}/samples`, Buffer.from(JSON.stringify(sample)));
    const rig = {
      device_id: 'rig-01',
      gpus: [gpu(0, 97, 71, 402.3), gpu(1, null, 44, 21.5)],
      power: { watts: 512.5, energy_wh_total: 1234.5, energy_epoch_id: 'e-1', parts: [] },
      outbox_pending: 3,
      outbox_dropped_total: 7,
    };
    send(validSample({ ...rig, seq: 1, ts: now - 60_000 }));
    send(validSample({ ...rig, seq: 2, ts: now - 1000 }));
    send(validSample({ ...rig, seq: 2, ts: now - 1000 }));
    send(validSample({ device_id: 'pi-02', seq: 1, ts: now - 1000, cpu_load_pct: 3 }));
    ingest.receive('nodetally/v1/pi-02/samples', Buffer.from('{not json'));
    await ingest.flush();
    await store.setStatus('pi-02', 'offline', now);

    await store.addRewardAccount({ source: 'helium', account: 'never-synced' }, now);
    await store.saveRewardBatch('flux', 'synced', [], null, { nowMs: now - 1000, intervalMs: HOUR_MS });
    await store.recordSyncFailure('akash', 'failing', 'HTTP 503', { nowMs: now, intervalMs: HOUR_MS });
    const entry = (rule: string, device_id: string, phase: 'ok' | 'firing') => ({
      rule,
      device_id,
      subject: null,
      phase,
      since: now,
      firedAt: phase === 'firing' ? now : null,
      notified: phase === 'firing' ? 'firing' : 'ok',
      lastSentMs: null,
      queuedAt: null,
      summary: `${rule} on ${device_id}`,
      severity: 'warning',
      name: null,
      site: null,
    });
    const entries = {
      'offline|pi-02|': entry('offline', 'pi-02', 'firing'),
      'reboot|rig-01|': entry('reboot', 'rig-01', 'ok'),
    };
    await store.saveAlertState({ v: 1, entries, silences: [] }, now);

    earnings = startEarnings({
      store,
      config: { ...DEFAULT_EARNINGS, fixedCosts: [{ name: 'colocation', monthly: '31.000000' }] },
      log: silent,
    });
    await earnings.refresh();
    app = build({ store, counters: ingest.counters, earningsService: earnings });
  });

  afterEach(async () => {
    await app.close();
    await earnings.stop();
    await ingest.close();
    await store.close();
  });

  it('passes promtool check metrics without a warning', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nt-scrape-')), 'metrics.prom');
    writeFileSync(file, await scrape());
    const result = spawnSync(PROMTOOL, ['check', 'metrics'], {
      stdio: [openSync(file, 'r'), 'pipe', 'pipe'],
    });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  it('mirrors the ingest counters, every rejection reason present', async () => {
    const value = parse(await scrape());
    expect(value('nodetally_ingest_messages_received_total')).toEqual([5]);
    expect(value('nodetally_ingest_samples_stored_total')).toEqual([3]);
    expect(value('nodetally_ingest_samples_duplicate_total')).toEqual([1]);
    expect(value('nodetally_ingest_rejected_total', { reason: 'invalid_json' })).toEqual([1]);
    expect(value('nodetally_ingest_rejected_total', { reason: 'schema' })).toEqual([0]);
    expect(value('nodetally_ingest_rejected_total')).toHaveLength(15);
    // Counted after the app was built: read at scrape time, not copied at start.
    ingest.receive('nodetally/v1/rig-01/samples', Buffer.from('[]'));
    expect(parse(await scrape())('nodetally_ingest_rejected_total', { reason: 'schema' })).toEqual([1]);
  });

  it('exposes the latest sample of each online device, and only state for an offline one', async () => {
    const value = parse(await scrape());
    const rig = { device_id: 'rig-01' };
    expect(value('nodetally_devices', { state: 'online' })).toEqual([1]);
    expect(value('nodetally_devices', { state: 'offline' })).toEqual([1]);
    expect(value('nodetally_device_online', rig)).toEqual([1]);
    expect(value('nodetally_device_online', { device_id: 'pi-02' })).toEqual([0]);
    // The hub's receive time, not the device clock.
    expect(value('nodetally_device_last_seen_timestamp_seconds', rig)).toEqual([now / 1000]);
    expect(value('nodetally_device_cpu_load_ratio', rig)).toEqual([0.125]);
    expect(value('nodetally_device_cpu_load_ratio', { device_id: 'pi-02' })).toEqual([]);
    expect(value('nodetally_device_memory_used_bytes', rig)).toEqual([446_849_024]);
    expect(value('nodetally_device_power_watts', rig)).toEqual([512.5]);
    expect(value('nodetally_device_outbox_dropped_total', rig)).toEqual([7]);
    expect(value('nodetally_device_outbox_pending', rig)).toEqual([3]);
    expect(value('nodetally_device_gpu_utilization_ratio', { ...rig, gpu: '0' })).toEqual([0.97]);
    // Not measured (null) is left out, never reported as 0.
    expect(value('nodetally_device_gpu_utilization_ratio', { ...rig, gpu: '1' })).toEqual([]);
    expect(value('nodetally_device_gpu_temperature_celsius', { ...rig, gpu: '1' })).toEqual([44]);
    expect(value('nodetally_device_gpu_power_watts', { ...rig, gpu: '0' })).toEqual([402.3]);
  });

  it('reports reward source staleness and the alerts firing per rule', async () => {
    const value = parse(await scrape());
    const stale = (source: string, account: string) =>
      value('nodetally_reward_source_stale', { source, account });
    expect(stale('helium', 'never-synced')).toEqual([1]);
    expect(stale('flux', 'synced')).toEqual([0]);
    expect(stale('akash', 'failing')).toEqual([1]);
    expect(
      value('nodetally_reward_source_last_success_timestamp_seconds', { source: 'flux', account: 'synced' }),
    ).toEqual([(now - 1000) / 1000]);
    expect(value('nodetally_reward_source_consecutive_failures', { source: 'akash' })).toEqual([1]);
    expect(value('nodetally_alerts_firing', { rule: 'offline' })).toEqual([1]);
    expect(value('nodetally_alerts_firing', { rule: 'reboot' })).toEqual([0]);
  });

  it('exposes the earnings snapshot in its currency', async () => {
    const snapshot = earnings.snapshot();
    const device = snapshot?.devices.find((d) => d.device_id === 'rig-01');
    expect(device).toBeDefined();
    // The fixed cost alone: 31 a month, charged per day, so today's net is below zero.
    expect(Number(device?.today.net)).toBeLessThan(0);
    const value = parse(await scrape());
    const labels = { device_id: 'rig-01', currency: 'USD' };
    expect(value('nodetally_device_net_today', labels)).toEqual([Number(device?.today.net)]);
    expect(value('nodetally_device_net_month_to_date', labels)).toEqual([Number(device?.month_to_date.net)]);
    expect(value('nodetally_fleet_net_today', { currency: 'USD' })).toEqual([
      Number(snapshot?.totals.today.net),
    ]);
    expect(value('nodetally_earnings_computed_timestamp_seconds')).toEqual([
      (snapshot?.computed_ms ?? 0) / 1000,
    ]);
  });

  it('keeps each app’s numbers in its own registry, with process metrics in each', async () => {
    const other = build({ store, counters: new Ingest({ store, log: silent, sendAck: () => {} }).counters });
    try {
      const value = parse(await scrape(other));
      expect(value('nodetally_ingest_messages_received_total')).toEqual([0]);
      expect(value('nodetally_device_net_today')).toEqual([]);
      expect(value('process_cpu_user_seconds_total')).toHaveLength(1);
      expect(parse(await scrape())('nodetally_ingest_messages_received_total')).toEqual([5]);
    } finally {
      await other.close();
    }
  });
});
