// `pnpm bench`: builds once, runs every benchmark under bench/ (each its own process, with the
// open-files limit raised for the 10,000-connection runs), then writes bench/results/summary.json and
// prints every figure with its target. Knobs per benchmark: BENCH_<NAME>_<VAR>, e.g.
// BENCH_INGEST_DURATION_S=30 is passed to the ingest benchmark as BENCH_DURATION_S. See README.md.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figuresOf } from './summary.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const results = join(root, 'bench/results');

/** In run order; `env` holds the defaults chosen so that the whole run stays under ~15 minutes. */
const BENCHMARKS = [
  { name: 'agent-footprint', dir: 'agent-footprint', env: { BENCH_DURATION_S: '60', BENCH_WARMUP_S: '15' } },
  { name: 'ingest', dir: 'ingest', env: { BENCH_DEVICES: '1000,10000', BENCH_DURATION_S: '15' } },
  { name: 'storage', dir: 'storage', env: {} },
  // Its defaults: 1,000 devices × 90 days from a real store (10,000 takes ~10× as long:
  // BENCH_EARNINGS_FLEETS=1000,10000 for the full size).
  { name: 'earnings', dir: 'earnings', env: {} },
  // The target: the engine recomputing 10,000 devices × 90 days with its inputs in memory.
  {
    name: 'earnings-engine',
    dir: 'earnings',
    script: 'engine.mjs',
    env: { BENCH_FLEETS: '1000,10000', BENCH_DAYS: '90' },
  },
  { name: 'dashboard', dir: 'dashboard', env: {} },
];
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

/** The child's environment: no un-prefixed BENCH_* (names mean different things per benchmark). */
function envFor(bench) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BENCH_')));
  const prefix = `BENCH_${bench.name.toUpperCase().replaceAll('-', '_')}_`;
  const own = Object.entries(process.env)
    .filter(([k]) => k.startsWith(prefix))
    .map(([k, v]) => [`BENCH_${k.slice(prefix.length)}`, v]);
  return { ...env, ...bench.env, ...Object.fromEntries(own) };
}

function runOne(bench) {
  const script = join(root, 'bench', bench.dir, bench.script ?? 'run.mjs');
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      'sh',
      ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', process.execPath, script],
      { cwd: root, env: envFor(bench), stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.once('exit', (code, signal) =>
      resolve({ exit: code ?? signal, duration_s: Math.round((Date.now() - started) / 100) / 10 }),
    );
  });
}

if (process.env.BENCH_SKIP_BUILD !== '1') {
  console.error('bench: building (pnpm run build) …');
  execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
const summary = {
  command: 'pnpm bench',
  date: new Date().toISOString(),
  machine: {
    cpu_model: (cpus()[0]?.model ?? 'unknown').trim(),
    cores: cpus().length,
    mem_total_mb: Math.round(totalmem() / 1048576),
    kernel: release(),
    node: process.version,
    sqlite_synchronous:
      'WAL; FULL, except sample batches: NORMAL commit + fdatasync of the WAL before the ack (group commit); every benchmark that stores uses the hub store as shipped',
    open_files_limit: execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim(),
    loadavg_at_start: loadavg().map((x) => Math.round(x * 100) / 100),
  },
  benchmarks: [],
};
for (const bench of BENCHMARKS) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  const entry = {
    name: bench.name,
    result_file: `bench/results/${bench.name}.json`,
    run_at: new Date().toISOString(),
  };
  summary.benchmarks.push(entry);
  if (!existsSync(join(root, 'bench', bench.dir, bench.script ?? 'run.mjs'))) {
    entry.status = 'skipped';
    entry.reason = `bench/${bench.dir}/${bench.script ?? 'run.mjs'} does not exist yet`;
    console.error(`bench: ${bench.name} skipped: ${entry.reason}`);
    continue;
  }
  console.error(`\nbench: ${bench.name} …`);
  const before = Date.now();
  const { exit, duration_s } = await runOne(bench);
  Object.assign(entry, { duration_s, exit });
  const file = join(root, entry.result_file);
  const fresh = existsSync(file) && JSON.parse(readFileSync(file, 'utf8'));
  const at = fresh && Date.parse(fresh.date ?? fresh.at ?? '');
  if (exit !== 0 || !fresh || !(at >= before - 1000)) {
    entry.status = 'failed';
    entry.reason = exit !== 0 ? `exited with ${exit}` : `no fresh ${entry.result_file}`;
    continue;
  }
  entry.status = 'ok';
  entry.figures = figuresOf(bench.name, fresh);
}
summary.machine.loadavg_at_end = loadavg().map((x) => Math.round(x * 100) / 100);
// A subset run (BENCH_ONLY) keeps the other benchmarks' entries of the previous summary.
const summaryFile = join(results, 'summary.json');
if (only.length > 0 && existsSync(summaryFile)) {
  const previous = JSON.parse(readFileSync(summaryFile, 'utf8'));
  const kept = (previous.benchmarks ?? []).filter((b) => !only.includes(b.name));
  summary.benchmarks = BENCHMARKS.map(
    (bench) =>
      summary.benchmarks.find((b) => b.name === bench.name) ?? kept.find((b) => b.name === bench.name),
  ).filter(Boolean);
}
mkdirSync(results, { recursive: true });
writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);

const table = [['benchmark', 'figure', 'value', 'unit', 'target', '']];
for (const b of summary.benchmarks) {
  if (b.status !== 'ok') table.push([b.name, `${b.status.toUpperCase()}: ${b.reason}`, '', '', '', '']);
  for (const f of b.figures ?? [])
    table.push([
      b.name,
      f.figure,
      String(f.value ?? '-'),
      f.unit,
      f.target ?? '',
      f.met === null ? '' : f.met ? 'met' : 'MISSED',
    ]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
console.log(
  `\n${summary.machine.cores} × ${summary.machine.cpu_model}, node ${summary.machine.node}, load average ${summary.machine.loadavg_at_start.join(' ')} → ${summary.machine.loadavg_at_end.join(' ')}`,
);
for (const r of table)
  console.log(
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
console.log(`saved bench/results/summary.json (and one JSON per benchmark beside it)`);
process.exitCode = summary.benchmarks.some((b) => b.status === 'failed') ? 1 : 0;
