// Agent footprint: the agent's CPU time per sample and RSS against prometheus-node-exporter's CPU time
// per scrape and RSS, measured in the same run on the same machine. See README.md beside this file.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { clockTicks, cpuMsBetween, freePort, mb, snapshot } from './proc.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const env = (name, fallback) => process.env[name] ?? fallback;
const settings = {
  duration_s: Number(env('BENCH_DURATION_S', '60')),
  warmup_s: Number(env('BENCH_WARMUP_S', '15')),
  interval_s: Number(env('BENCH_INTERVAL_S', '1')),
  agent_node_flags: env('BENCH_AGENT_NODE_FLAGS', '').split(' ').filter(Boolean),
  node_exporter: env('BENCH_NODE_EXPORTER', '/usr/bin/prometheus-node-exporter'),
};
const resultPath = resolve(root, env('BENCH_RESULT', 'bench/results/agent-footprint.json'));
const TARGET_RSS_MB = 60;
const DEVICE = 'bench-agent';
const agentCli = join(root, 'agent/dist/cli.js');
const hubIndex = join(root, 'hub/dist/index.js');

for (const [path, hint] of [
  [agentCli, 'run `pnpm run build` first'],
  [hubIndex, 'run `pnpm run build` first'],
  [settings.node_exporter, 'install it: apt-get install -y prometheus-node-exporter'],
]) {
  if (!existsSync(path)) throw new Error(`${path} is missing; ${hint}`);
}

/** A child process whose last output is kept for error messages. */
function start(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk) => {
    tail = (tail + chunk).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, exited, tail: () => tail };
}

async function until(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const stopChild = async (proc) => {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 5_000);
  await proc.exited;
  clearTimeout(timer);
};

const nodeExporterVersion = () => {
  const out = execFileSync(settings.node_exporter, ['--version'], { encoding: 'utf8', stdio: 'pipe' });
  return out.split('\n')[0].trim();
};

const { HubConfigSchema, startHub } = await import(hubIndex);
const { loadConfig } = await import(join(root, 'shared/dist/index.js'));
const scratch = mkdtempSync(join(tmpdir(), 'nt-bench-footprint-'));
// The hub's defaults, without device auth (the benchmark agent has no credential).
const { config: hubDefaults } = loadConfig(HubConfigSchema, { argv: [], env: {} });
const hub = await startHub(
  {
    ...hubDefaults,
    auth: 'none',
    dataDir: join(scratch, 'hub'),
    host: '127.0.0.1',
    httpPort: 0,
    mqttPort: 0,
    logLevel: 'silent',
  },
  pino({ level: 'silent' }),
);
mkdirSync(join(scratch, 'agent'), { recursive: true });

const nePort = await freePort();
const metricsUrl = `http://127.0.0.1:${nePort}/metrics`;
const exporter = start(settings.node_exporter, [`--web.listen-address=127.0.0.1:${nePort}`]);
const agent = start(process.execPath, [
  ...settings.agent_node_flags,
  agentCli,
  'run',
  '--interval-s',
  String(settings.interval_s),
  '--hub-url',
  hub.mqttUrl,
  '--state-dir',
  join(scratch, 'agent'),
  '--device-id',
  DEVICE,
  '--log-level',
  'warn',
]);

let stopping = false;
let scrapes = 0;
let scrapeBytes = 0;
let scrapeInFlight = false;
let scrapesSkipped = 0;
let scrapeErrors = 0;
const scrape = async () => {
  const response = await fetch(metricsUrl);
  const body = await response.text();
  if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
  return body;
};
const scraper = setInterval(() => {
  // One scrape at a time, as Prometheus does; a scrape still running when the next is due skips it.
  if (scrapeInFlight) {
    scrapesSkipped += 1;
    return;
  }
  scrapeInFlight = true;
  scrape()
    .then((body) => {
      scrapes += 1;
      scrapeBytes = body.length;
    })
    .catch(() => {
      scrapeErrors += 1;
    })
    .finally(() => {
      scrapeInFlight = false;
    });
}, settings.interval_s * 1000);

const cleanup = async () => {
  clearInterval(scraper);
  await Promise.all([stopChild(agent), stopChild(exporter)]);
  await hub.close();
  rmSync(scratch, { recursive: true, force: true });
};
process.once('SIGINT', () => cleanup().finally(() => process.exit(130)));

try {
  await until('node_exporter to serve /metrics', async () => (await scrape()).length > 0);
  await until(
    'the first agent sample stored by the hub',
    async () => (await hub.store.countSamples(DEVICE)) > 0,
  );
  for (const proc of [agent, exporter]) {
    proc.exited.then((code) => {
      if (!stopping) console.error(`child exited early (${code}):\n${proc.tail()}`);
    });
  }
  console.log(`warming up ${settings.warmup_s} s, then measuring ${settings.duration_s} s …`);
  await sleep(settings.warmup_s * 1000);

  const first = {
    agent: snapshot(agent.child.pid),
    exporter: snapshot(exporter.child.pid),
    samples: await hub.store.countSamples(DEVICE),
    scrapes,
  };
  await sleep(settings.duration_s * 1000);
  const last = {
    agent: snapshot(agent.child.pid),
    exporter: snapshot(exporter.child.pid),
    samples: await hub.store.countSamples(DEVICE),
    scrapes,
  };
  stopping = true;

  const hz = clockTicks();
  const samples = last.samples - first.samples;
  const scraped = last.scrapes - first.scrapes;
  if (samples <= 0 || scraped <= 0)
    throw new Error(`no work measured: ${samples} samples, ${scraped} scrapes`);
  const agentCpuMs = cpuMsBetween(first.agent, last.agent, hz);
  const exporterCpuMs = cpuMsBetween(first.exporter, last.exporter, hz);
  const agentPerSample = agentCpuMs / samples;
  const exporterPerScrape = exporterCpuMs / scraped;
  const agentRss = last.agent.memory.vm_rss_bytes;
  const exporterRss = last.exporter.memory.vm_rss_bytes;
  const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

  const result = {
    benchmark: 'agent-footprint',
    at: new Date().toISOString(),
    machine: {
      cpu_model: (cpus()[0]?.model ?? 'unknown').trim(),
      cores: cpus().length,
      mem_total_bytes: totalmem(),
      kernel: release(),
      node_version: process.version,
      node_exporter_version: nodeExporterVersion(),
      clock_ticks_per_s: hz,
    },
    settings: { ...settings, agent_log_level: 'warn', hub: 'in-process (aedes + SQLite), same machine' },
    agent: {
      samples,
      cpu_ms: agentCpuMs,
      cpu_ms_per_sample: round(agentPerSample),
      rss_mb: mb(agentRss),
      peak_rss_mb: mb(last.agent.memory.vm_hwm_bytes),
      private_rss_mb: mb(last.agent.memory.rss_anon_bytes),
      start: first.agent,
      end: last.agent,
    },
    node_exporter: {
      scrapes: scraped,
      scrapes_skipped: scrapesSkipped,
      scrape_errors: scrapeErrors,
      metrics_bytes: scrapeBytes,
      cpu_ms: exporterCpuMs,
      cpu_ms_per_scrape: round(exporterPerScrape),
      rss_mb: mb(exporterRss),
      peak_rss_mb: mb(last.exporter.memory.vm_hwm_bytes),
      private_rss_mb: mb(last.exporter.memory.rss_anon_bytes),
      start: first.exporter,
      end: last.exporter,
    },
    ratios: {
      cpu_per_sample_vs_per_scrape: round(agentPerSample / exporterPerScrape),
      rss: round(agentRss / exporterRss),
      peak_rss: round(last.agent.memory.vm_hwm_bytes / last.exporter.memory.vm_hwm_bytes),
      private_rss: round(last.agent.memory.rss_anon_bytes / last.exporter.memory.rss_anon_bytes),
    },
    targets: {
      agent_cpu_per_sample_le_node_exporter_per_scrape: agentPerSample <= exporterPerScrape,
      agent_rss_le_60_mb: mb(agentRss) <= TARGET_RSS_MB,
      agent_peak_rss_le_60_mb: mb(last.agent.memory.vm_hwm_bytes) <= TARGET_RSS_MB,
    },
  };

  const row = (label, a, e, r = '') =>
    `${label.padEnd(26)}${String(a).padStart(12)}${String(e).padStart(16)}${String(r).padStart(12)}`;
  const yes = (ok) => (ok ? 'met' : 'MISSED');
  console.log(
    [
      '',
      `agent footprint — ${result.machine.cpu_model}, ${result.machine.cores} cores, node ${process.version}, ${result.machine.node_exporter_version}`,
      `interval ${settings.interval_s} s, warm-up ${settings.warmup_s} s, window ${settings.duration_s} s${settings.agent_node_flags.length ? `, agent node flags: ${settings.agent_node_flags.join(' ')}` : ''}`,
      '',
      row('', 'agent', 'node_exporter', 'ratio'),
      row('samples / scrapes', samples, scraped),
      row('CPU ms total', round(agentCpuMs, 0), round(exporterCpuMs, 0)),
      row(
        'CPU ms per sample/scrape',
        round(agentPerSample, 2),
        round(exporterPerScrape, 2),
        round(agentPerSample / exporterPerScrape, 2),
      ),
      row('RSS MB (end)', mb(agentRss), mb(exporterRss), round(result.ratios.rss, 2)),
      row(
        'RSS MB (peak, VmHWM)',
        result.agent.peak_rss_mb,
        result.node_exporter.peak_rss_mb,
        round(result.ratios.peak_rss, 2),
      ),
      row(
        'private RSS MB (RssAnon)',
        result.agent.private_rss_mb,
        result.node_exporter.private_rss_mb,
        round(result.ratios.private_rss, 2),
      ),
      '',
      `target: agent CPU per sample ≤ node_exporter CPU per scrape: ${yes(result.targets.agent_cpu_per_sample_le_node_exporter_per_scrape)}`,
      `target: agent RSS ≤ ${TARGET_RSS_MB} MB: ${yes(result.targets.agent_rss_le_60_mb)} (peak: ${yes(result.targets.agent_peak_rss_le_60_mb)})`,
      `saved ${resultPath}`,
    ].join('\n'),
  );
  mkdirSync(join(resultPath, '..'), { recursive: true });
  writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  stopping = true;
  await cleanup();
}
