// Ingest benchmark: N simulated devices publishing QoS 1 samples through the hub's embedded broker
// into SQLite (WAL, synchronous=FULL) with end-to-end acks, against a raw Mosquitto QoS 1 relay of the
// same messages in the same run; latency at a fixed load; and the scale-out set-up (Mosquitto + hub
// workers + PostgreSQL). See README.md beside this file.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mosquittoVersion } from './mosquitto.mjs';
import { benchHub, benchHubStored, benchMosquitto, benchScaleOut } from './phases.mjs';
import { postgresSettings } from './postgres.mjs';
import { mb } from './procs.mjs';
import { printTable } from './report.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const env = (name, fallback) => process.env[name] ?? fallback;
const list = (value) => value.split(',').filter(Boolean);
const settings = {
  devices: list(env('BENCH_DEVICES', '1000,10000')).map(Number),
  // Samples in flight per device in the closed-loop phases; default 10 at ≤ 1,000 devices, 1 above.
  window_per_device: env('BENCH_WINDOW', null),
  duration_s: Number(env('BENCH_DURATION_S', '15')),
  warmup_s: Number(env('BENCH_WARMUP_S', '3')),
  paths: list(env('BENCH_PATHS', 'hub,mosquitto,latency,scaleout')),
  // 100,000 devices × one sample per 15 s: the fleet the scale-out deployment is sized for.
  latency_rate_per_s: Number(env('BENCH_RATE', '6667')),
  latency_devices: Number(env('BENCH_RATE_DEVICES', '10000')),
  scaleout_devices: Number(env('BENCH_SCALEOUT_DEVICES', '1000')),
  scaleout_workers: Number(env('BENCH_SCALEOUT_WORKERS', '2')),
  qos: 1,
  hub: 'embedded aedes + SQLite, journal_mode=WAL, one transaction per batch (≤ 2,000 samples or 25 ms) committed with synchronous=NORMAL, then fdatasync of the WAL (group commit; the rest of the store synchronous=FULL), ack after that sync; auth none; per-device rate limit lifted',
  load_generator:
    'one Node process, raw MQTT 3.1.1 over net sockets (bench/ingest/mqtt-wire.mjs: hand-encoded packets, minimal parser), TCP_NODELAY, the same for every phase',
  mosquitto:
    'mosquitto, persistence false, allow_anonymous, max_inflight_messages 0 and max_queued_messages 0 (no limits), max_connections -1, set_tcp_nodelay true, one QoS 1 subscriber on nodetally/v1/+/samples',
  scaleout: `mosquitto (as above) + hub workers (external broker, shared subscription $share/nodetally-hub/…) + PostgreSQL (${postgresSettings.join(', ')}), ack after COMMIT`,
};
const windowFor = (devices) =>
  settings.window_per_device === null ? (devices <= 1000 ? 10 : 1) : Number(settings.window_per_device);
const resultPath = resolve(root, env('BENCH_RESULT', 'bench/results/ingest.json'));
if (!existsSync(join(root, 'hub/dist/index.js')))
  throw new Error('hub/dist is missing: run `pnpm run build` first');

const phase = (devices, idPrefix, extra = {}) => ({
  devices,
  window: windowFor(devices),
  warmupS: settings.warmup_s,
  durationS: settings.duration_s,
  idPrefix,
  ...extra,
});
const on = (path) => settings.paths.includes(path);
const step = (what) => console.error(`ingest bench: ${what} …`);

const scratch = mkdtempSync(join(tmpdir(), 'nt-bench-ingest-'));
const result = { benchmark: 'ingest', date: new Date().toISOString(), machine: {}, settings, runs: [] };
try {
  for (const devices of settings.devices) {
    const run = { devices, window_per_device: windowFor(devices) };
    if (on('hub')) {
      step(`${devices} devices, hub`);
      run.hub = await benchHubStored(phase(devices, `hub${devices}`), scratch);
    }
    if (on('mosquitto')) {
      step(`${devices} devices, mosquitto`);
      run.mosquitto = await benchMosquitto(phase(devices, `mq${devices}`), scratch);
    }
    if (run.hub && run.mosquitto)
      run.ratio_hub_to_mosquitto = run.hub.samples_per_s / run.mosquitto.samples_per_s;
    result.runs.push(run);
  }
  if (on('latency')) {
    const { latency_devices: devices, latency_rate_per_s: ratePerS } = settings;
    const p = (prefix) => phase(devices, prefix, { ratePerS, warmupS: 5, durationS: settings.duration_s });
    step(`latency at ${ratePerS}/s from ${devices} devices, hub`);
    const hub = await benchHub(p('lathub'), scratch);
    step(`latency at ${ratePerS}/s from ${devices} devices, mosquitto`);
    const mosquitto = await benchMosquitto(p('latmq'), scratch);
    result.latency_at_rate = { devices, rate_per_s: ratePerS, hub, mosquitto };
  }
  if (on('scaleout')) {
    const { scaleout_devices: devices, scaleout_workers: workers } = settings;
    step(`scale-out: ${devices} devices, mosquitto + ${workers} hub workers + PostgreSQL`);
    result.scaleout = await benchScaleOut(phase(devices, `so${devices}`), workers, scratch);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

result.machine = {
  cpu_model: (cpus()[0]?.model ?? 'unknown').trim(),
  cores: cpus().length,
  mem_total_mb: mb(totalmem()),
  kernel: release(),
  node: process.version,
  mosquitto: mosquittoVersion(),
  postgres: result.scaleout?.postgres.version ?? null,
  sqlite_synchronous:
    'FULL; sample batches: NORMAL commit + fdatasync of the WAL before the ack (group commit)',
  tmpdir: tmpdir(),
};
const first = result.runs.find((r) => r.hub);
result.targets = [
  first && {
    name: `embedded hub samples/s, durable (synchronous=FULL), ${first.devices} devices`,
    value: first.hub.samples_per_s,
    target: '>= 20000',
    met: first.hub.samples_per_s >= 20000,
  },
].filter(Boolean);
mkdirSync(resolve(resultPath, '..'), { recursive: true });
writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
printTable(result);
console.log(`saved ${resultPath}`);
