// Ingest benchmark: N simulated devices publishing QoS 1 samples through the hub's embedded broker
// into SQLite (WAL, synchronous=FULL) with end-to-end acks, against a raw Mosquitto QoS 1 relay of the
// same messages in the same run. See README.md beside this file.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clockTicks, cpuMsBetween, freePort, memory, snapshot } from '../agent-footprint/proc.mjs';
import { runPhase } from './load.mjs';
import { mosquittoVersion, startMosquitto } from './mosquitto.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const env = (name, fallback) => process.env[name] ?? fallback;
const settings = {
  devices: env('BENCH_DEVICES', '1000').split(',').map(Number),
  window_per_device: Number(env('BENCH_WINDOW', '10')),
  duration_s: Number(env('BENCH_DURATION_S', '20')),
  warmup_s: Number(env('BENCH_WARMUP_S', '3')),
  qos: 1,
  hub: 'embedded aedes + SQLite, journal_mode=WAL, synchronous=FULL, one transaction per batch (≤ 500 samples or 25 ms), ack after COMMIT; auth none; per-device rate limit lifted',
  mosquitto:
    'mosquitto, persistence false, allow_anonymous, max_inflight_messages 0 and max_queued_messages 0 (no limits), set_tcp_nodelay true, one QoS 1 subscriber on nodetally/v1/+/samples',
};
const resultPath = resolve(root, env('BENCH_RESULT', 'bench/results/ingest.json'));
const ticks = clockTicks();
const mb = (bytes) => (bytes === null ? null : Math.round((bytes / 1048576) * 10) / 10);

if (!existsSync(join(root, 'hub/dist/index.js')))
  throw new Error('hub/dist is missing: run `pnpm run build` first');

/** Samples a process's RSS every 250 ms; CPU between measureStart and measureEnd. */
function watch(pid) {
  const rss = [];
  const timer = setInterval(() => {
    try {
      rss.push(memory(pid).vm_rss_bytes);
    } catch {}
  }, 250);
  let startSnap;
  let endSnap;
  return {
    idle: memory(pid).vm_rss_bytes,
    connected: null,
    hooks: {},
    measureStart: () => (startSnap = snapshot(pid)),
    measureEnd: () => (endSnap = snapshot(pid)),
    stop() {
      clearInterval(timer);
      return {
        rss_peak_mb: mb(Math.max(...rss)),
        cpu_s_in_window: startSnap && endSnap ? cpuMsBetween(startSnap, endSnap, ticks) / 1000 : null,
      };
    },
  };
}

function startHubProcess(dataDir) {
  const child = spawn(process.execPath, [join(root, 'bench/ingest/hub-process.mjs'), dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (chunk) => (out = (out + chunk).slice(-4000)));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out = (out + chunk).slice(-4000);
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve(JSON.parse(line.slice(6)));
    });
    child.once('exit', (code) => reject(new Error(`hub exited (${code}):\n${out}`)));
  });
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`hub process exited during the run (${code ?? signal}):\n${out}`);
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    ready,
    stop: () => {
      stopping = true;
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function measure(pid, phase) {
  const w = watch(pid);
  const result = await runPhase({
    ...phase,
    hooks: {
      connected: () => (w.connected = memory(pid).vm_rss_bytes),
      measureStart: w.measureStart,
      measureEnd: w.measureEnd,
    },
  });
  const usage = w.stop();
  return {
    ...result,
    rss_idle_mb: mb(w.idle),
    rss_connected_mb: mb(w.connected),
    rss_per_connection_kb: Math.round((w.connected - w.idle) / phase.devices / 102.4) / 10,
    ...usage,
  };
}

async function benchHub(devices, scratch) {
  const dataDir = join(scratch, `hub-${devices}`);
  const hub = startHubProcess(dataDir);
  const { mqttUrl, httpUrl } = await hub.ready;
  try {
    const result = await measure(hub.child.pid, {
      url: mqttUrl,
      mode: 'hub',
      devices,
      window: settings.window_per_device,
      warmupS: settings.warmup_s,
      durationS: settings.duration_s,
      idPrefix: `hub${devices}`,
    });
    const counters = await (await fetch(`${httpUrl}/api/v1/ingest`)).json();
    return { ...result, ingest_counters: counters };
  } finally {
    await hub.stop();
  }
}

async function storedCount(dataDir) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dataDir, 'nodetally.db'), { readonly: true });
  const n = db.prepare('SELECT count(*) AS n FROM samples').get().n;
  const journal = db.pragma('journal_mode', { simple: true });
  db.close();
  return { stored_rows: n, journal_mode: journal };
}

async function benchMosquitto(devices, scratch) {
  const port = await freePort();
  const broker = await startMosquitto(scratch, port);
  try {
    return await measure(broker.pid, {
      url: `mqtt://127.0.0.1:${port}`,
      mode: 'relay',
      devices,
      window: settings.window_per_device,
      warmupS: settings.warmup_s,
      durationS: settings.duration_s,
      idPrefix: `mq${devices}`,
    });
  } finally {
    await broker.stop();
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'nt-bench-ingest-'));
const runs = [];
try {
  for (const devices of settings.devices) {
    console.error(`ingest bench: ${devices} devices, hub …`);
    const hub = await benchHub(devices, scratch);
    Object.assign(hub, await storedCount(join(scratch, `hub-${devices}`)));
    console.error(`ingest bench: ${devices} devices, mosquitto …`);
    const mosquitto = await benchMosquitto(devices, scratch);
    runs.push({
      devices,
      hub,
      mosquitto,
      ratio_hub_to_mosquitto: hub.samples_per_s / mosquitto.samples_per_s,
    });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const result = {
  benchmark: 'ingest',
  date: new Date().toISOString(),
  machine: {
    cpu_model: (cpus()[0]?.model ?? 'unknown').trim(),
    cores: cpus().length,
    mem_total_mb: mb(totalmem()),
    kernel: release(),
    node: process.version,
    mosquitto: mosquittoVersion(),
    tmpdir: tmpdir(),
  },
  settings,
  runs,
};
mkdirSync(resolve(resultPath, '..'), { recursive: true });
writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);

const f = (x, d = 0) => (x === null || x === undefined ? '-' : Number(x).toFixed(d));
const rows = runs.flatMap((r) => [
  [
    `${r.devices}`,
    'hub (ack after commit)',
    f(r.hub.samples_per_s),
    f(r.hub.confirm_latency_ms.p50, 1),
    f(r.hub.confirm_latency_ms.p99, 1),
    f(r.hub.rss_peak_mb, 1),
    f(r.hub.cpu_s_in_window, 1),
  ],
  [
    `${r.devices}`,
    'mosquitto (delivery)',
    f(r.mosquitto.samples_per_s),
    f(r.mosquitto.confirm_latency_ms.p50, 1),
    f(r.mosquitto.confirm_latency_ms.p99, 1),
    f(r.mosquitto.rss_peak_mb, 1),
    f(r.mosquitto.cpu_s_in_window, 1),
  ],
  [`${r.devices}`, 'ratio hub / mosquitto', f(r.ratio_hub_to_mosquitto, 2), '', '', '', ''],
]);
const head = [
  'devices',
  'path',
  'samples/s',
  'p50 ms',
  'p99 ms',
  'peak RSS MB',
  `CPU s / ${settings.duration_s} s`,
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
for (const row of [head, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(`saved ${resultPath}`);
