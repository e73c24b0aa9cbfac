// Dashboard API benchmark: a real SQLite hub database with a synthetic fleet (fleet.mjs), the real
// app (build() + listen on 127.0.0.1) with the real earnings service, and latency percentiles of
// /api/v1/fleet and /api/v1/devices/:id/series over real HTTP from a worker thread. Needs the built
// hub: `pnpm bench:dashboard`. See README.md beside this file.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { deviceId } from '../earnings/fill.mjs';
import { buildFleet, refreshLatest, staticService, staticSnapshot } from './fleet.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (p) => join(root, 'hub/dist', p);
if (!existsSync(dist('web/fleet/register.js')))
  throw new Error('hub/dist is missing or stale; run `npx tsc -b shared agent hub` first');
const { openSqliteStore } = await import(dist('store/sqlite/index.js'));
const { rollupData } = await import(dist('store/rollup-rows.js'));
const { build } = await import(dist('app.js'));
const { startEarnings } = await import(dist('earnings-service/service.js'));
const { earningsPlan } = await import(dist('earnings-service/settings.js'));
const { IngestCounters } = await import(dist('ingest/counters.js'));
const { HubEvents } = await import(dist('web/events.js'));
const { createApiToken } = await import(dist('web/auth/api-tokens.js'));
const { pino } = await import('pino');

const env = (name, fallback) => process.env[name] ?? fallback;
const settings = {
  devices: Number(env('BENCH_DEVICES', '10000')),
  days: Number(env('BENCH_DAYS', '30')),
  raw_devices: Number(env('BENCH_RAW_DEVICES', '5')),
  raw_days: 7,
  requests: Number(env('BENCH_REQUESTS', '500')),
  warmup_requests: 20,
  concurrency: Number(env('BENCH_CONCURRENCY', '4')),
  live_events_per_s: Number(env('BENCH_EVENTS_PER_S', '167')),
  earnings: env('BENCH_EARNINGS', 'real'),
};
const targets_ms = { fleet_p99: 100, series_30d_p99: 50 };
const resultPath = resolve(root, env('BENCH_RESULT', 'bench/results/dashboard.json'));
const step = (what) => console.error(`dashboard bench: ${what} …`);
const ms = (t0) => Math.round(performance.now() - t0);

// Kept between runs (building 10k × 30 days takes minutes): BENCH_DATA_DIR='' builds a fresh one.
const dataDir = env('BENCH_DATA_DIR', join(tmpdir(), 'nodetally-bench-dashboard'));
const scratch = dataDir ? null : mkdtempSync(join(tmpdir(), 'nt-bench-dashboard-'));
const file = join(
  scratch ?? dataDir,
  `fleet-${settings.devices}-${settings.days}d-raw${settings.raw_devices}.db`,
);
const now = Date.now();
const reused = existsSync(file);
step(reused ? `reusing ${file}` : `building ${settings.devices} devices × ${settings.days} days`);
mkdirSync(dirname(file), { recursive: true });
if (!reused) rmSync(`${file}.partial`, { force: true });
const f0 = performance.now();
const built = reused
  ? { firing_alerts: null }
  : await buildFleet(`${file}.partial`, {
      devices: settings.devices,
      days: settings.days,
      rawDevices: settings.raw_devices,
      rawDays: settings.raw_days,
      now,
      hub: { openSqliteStore, rollupData, dirname },
    });
if (!reused) renameSync(`${file}.partial`, file);
const fillMs = ms(f0);

const store = openSqliteStore(file);
if (reused) await refreshLatest(store, settings.devices, now);
const events = new HubEvents();
const log = pino({ level: 'error' }, pino.destination(2));
const earningsSettings = {
  timeZone: 'UTC',
  currency: 'USD',
  tariffs: [{ effectiveFrom: '2020-01-01', pricePerKwh: '0.30' }],
  fixedCosts: [{ name: 'hosting', monthly: '12.50' }],
  hardware: [],
  rewardSplits: [],
};
const s0 = performance.now();
let earnings;
let snapshot;
if (settings.earnings === 'real') {
  step('earnings snapshot (real service)');
  earnings = startEarnings({ store, config: { ...earningsSettings, earningsRefreshS: 86_400 }, log });
  // A failed refresh is only logged by the service: keep the loop alive and give up loudly after a
  // while rather than let Node exit 13 on a top-level await that never settles.
  const limitS = Number(env('BENCH_EARNINGS_TIMEOUT_S', '1800'));
  snapshot = await new Promise((done, fail) => {
    const deadline = setTimeout(
      () => fail(new Error(`no earnings snapshot after ${limitS} s (see the log above)`)),
      limitS * 1000,
    );
    const off = earnings.onSnapshot((s) => {
      off();
      clearTimeout(deadline);
      done(s);
    });
  });
} else {
  // BENCH_EARNINGS=static: a snapshot of the service's shape with made-up money, for quick runs.
  snapshot = staticSnapshot(settings.devices, now);
  earnings = staticService(snapshot, earningsSettings, earningsPlan);
}
const snapshotMs = ms(s0);
const app = build({ store, counters: new IngestCounters(), earningsService: earnings, events });
const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
const { token } = await createApiToken(store, 'bench', 'read');

const c0 = performance.now();
const cold = await fetch(`${baseUrl}/api/v1/fleet`, { headers: { authorization: `Bearer ${token}` } });
if (cold.status !== 200) throw new Error(`cold /api/v1/fleet: HTTP ${cold.status} ${await cold.text()}`);
await cold.arrayBuffer();
const coldMs = ms(c0);

const dayMs = 86_400_000;
const rawIds = Array.from({ length: settings.raw_devices }, (_, r) => deviceId(r * 5));
const seriesIds = Array.from({ length: 50 }, (_, k) => deviceId((k * 197) % settings.devices));
const targets = [
  { name: 'fleet default page', kind: 'fleet', path: '/api/v1/fleet' },
  { name: 'fleet sort=net_month', kind: 'fleet', path: '/api/v1/fleet?sort=net_month' },
  { name: 'fleet search q=ams&sort=net_today', kind: 'fleet', path: '/api/v1/fleet?q=ams&sort=net_today' },
  {
    name: 'fleet status=offline&network=helium',
    kind: 'fleet',
    path: '/api/v1/fleet?status=offline&network=helium',
  },
  {
    name: 'series 30 days (hourly rollups)',
    kind: 'series_30d',
    path: seriesIds.map((id) => `/api/v1/devices/${id}/series?from=${now - 30 * dayMs}&to=${now}`),
  },
  {
    name: 'series 24 h (raw 60 s samples)',
    kind: 'series_raw',
    path: rawIds.map((id) => `/api/v1/devices/${id}/series?from=${now - dayMs}&to=${now}`),
  },
];

function load(list) {
  return new Promise((done, fail) => {
    const worker = new Worker(new URL('./load.mjs', import.meta.url), {
      workerData: {
        baseUrl,
        token,
        targets: list,
        requests: settings.requests,
        concurrency: settings.concurrency,
        warmup: settings.warmup_requests,
      },
    });
    worker.once('message', done);
    worker.once('error', fail);
  });
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (x) => Math.round(x * 100) / 100;
function summarize(target, r, live) {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const limit =
    target.kind === 'fleet'
      ? targets_ms.fleet_p99
      : target.kind === 'series_30d'
        ? targets_ms.series_30d_p99
        : null;
  const p99 = pct(sorted, 99);
  return {
    name: live ? `${target.name}, live updates` : target.name,
    requests: sorted.length,
    p50_ms: round(pct(sorted, 50)),
    p95_ms: round(pct(sorted, 95)),
    p99_ms: round(p99),
    max_ms: round(sorted[sorted.length - 1]),
    req_per_s: Math.round((sorted.length / r.wall_ms) * 1000),
    response_bytes: r.bytes,
    target_p99_ms: limit,
    pass: limit === null ? null : p99 < limit,
  };
}

step(`${settings.requests} requests per endpoint, ${settings.concurrency} concurrent`);
const quiet = await load(targets);
const rows = targets.map((t) => summarize(t, quiet[t.name], false));

// The same fleet queries while every device reports once a minute (device events patch the cache).
step(`again with ${settings.live_events_per_s} device events/s`);
let seq = 2_000_000;
const perTick = Math.max(1, Math.round(settings.live_events_per_s / 20));
const ticker = setInterval(() => {
  for (let k = 0; k < perTick; k++) {
    const i = (seq++ * 7919) % settings.devices;
    events.emit('device', {
      device_id: deviceId(i),
      status: 'online',
      last_seen_ms: Date.now(),
      latest: { cpu_pct: (seq % 1000) / 10, gpu_util_pct: null, power_w: 7.5, networks: ['helium'] },
    });
  }
}, 50);
const fleetTargets = targets.filter((t) => t.kind === 'fleet').slice(0, 2);
const live = await load(fleetTargets);
clearInterval(ticker);
rows.push(...fleetTargets.map((t) => summarize(t, live[t.name], true)));

await app.close();
await earnings.stop();
await store.close();
const databaseMb = Math.round(statSync(file).size / 2 ** 20);
if (scratch) rmSync(scratch, { recursive: true, force: true });

console.log(
  `\n${settings.devices} devices × ${settings.days} days, database ${databaseMb} MiB (built in ${fillMs} ms); ` +
    `earnings snapshot ${snapshotMs} ms; first /api/v1/fleet (cache load) ${coldMs} ms\n`,
);
const header = ['endpoint', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s', 'bytes', 'target p99', 'pass'];
const table = rows.map((r) => [
  r.name,
  r.p50_ms,
  r.p95_ms,
  r.p99_ms,
  r.max_ms,
  r.req_per_s,
  r.response_bytes,
  r.target_p99_ms === null ? '—' : `< ${r.target_p99_ms}`,
  r.pass === null ? '—' : r.pass ? 'yes' : 'NO',
]);
const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => String(row[c]).length)));
for (const row of [header, ...table])
  console.log(
    row.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  '),
  );

const result = {
  name: 'dashboard',
  at: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model?.trim(),
    mem_gb: Math.round(totalmem() / 2 ** 30),
    os: release(),
    node: process.version,
    load_average_at_end: loadavg().map((x) => Math.round(x * 100) / 100),
  },
  settings,
  targets_ms,
  data: {
    database_mb: databaseMb,
    build_ms: reused ? null : fillMs,
    reused_database: reused,
    hour_rollups: settings.devices * settings.days * 24,
    raw_samples: settings.raw_devices * settings.raw_days * 1440 + settings.devices,
    firing_alerts: built.firing_alerts,
    snapshot_devices: snapshot.devices.length,
    earnings_snapshot_ms: snapshotMs,
    fleet_first_request_ms: coldMs,
  },
  results: rows,
  note: 'Real SQLite file, real app and earnings service in this process, HTTP/1.1 keep-alive client in a worker thread; every request authenticated with a Bearer API token. fleet_first_request_ms includes loading the 10k-device cache from the store; later requests are served from it, with device events patching rows ("live updates" rows: events emitted at live_events_per_s during the run).',
};
mkdirSync(dirname(resultPath), { recursive: true });
writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nsaved ${resultPath}`);
