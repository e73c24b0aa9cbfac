// Times `listEarningsHours` (hub/src/store/earnings-hours.ts) on a real SQLite hub database: the
// compact per-hour input of the earnings recompute, for 1k and 10k devices × 90 days. Needs the built
// hub (`npx tsc -b shared agent hub`). See README.md beside this file.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { deviceId, fill } from './fill.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (p) => join(root, 'hub/dist', p);
if (!existsSync(dist('store/rollup-earnings.js')))
  throw new Error('hub/dist is missing or stale; run `npx tsc -b shared agent hub` first');
const { openSqliteStore } = await import(dist('store/sqlite/index.js'));
const { rollupData } = await import(dist('store/rollup-rows.js'));

const env = (name, fallback) => process.env[name] ?? fallback;
const HOUR = 3_600_000;
const settings = {
  days: Number(env('BENCH_DAYS', '90')),
  fleets: env('BENCH_FLEETS', '1000,10000').split(',').map(Number),
  first_day: env('BENCH_FIRST_DAY', '2024-02-01'),
  /** Devices per listEarningsHours call: a call returns 49 bytes per device-hour (~106 KB per device × 90 days). */
  chunk: Number(env('BENCH_CHUNK', '500')),
  repeats: Number(env('BENCH_REPEATS', '3')),
};
const dataDir = env('BENCH_DATA_DIR', join(tmpdir(), 'nodetally-bench-earnings'));
const resultPath = resolve(root, env('BENCH_RESULT', 'bench/results/earnings-hours-read.json'));
const startMs = Date.parse(`${settings.first_day}T00:00:00Z`);
const endMs = startMs + settings.days * 24 * HOUR;
// As the engine asks for a zone east of UTC (Europe/Berlin): from the hour before the first UTC day.
const fromMs = startMs - HOUR;

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const fleets = [];
for (const n of settings.fleets) {
  const file = join(dataDir, `hours-${n}-${settings.first_day}-${settings.days}d.db`);
  const t0 = performance.now();
  const built = await fill(file, {
    devices: n,
    startMs,
    endMs,
    perAccount: 4,
    hub: { openSqliteStore, rollupData, dirname },
    hourRows: false,
  });
  const fill_s = built ? Math.round((performance.now() - t0) / 100) / 10 : null;
  const db = new Database(file, { readonly: true });
  const spanRows = db.prepare('SELECT count(*) FROM earnings_hours').pluck().get();
  const spanBytes = db.prepare('SELECT sum(length(data)) FROM earnings_hours').pluck().get();
  db.close();
  const store = openSqliteStore(file);
  const ids = Array.from({ length: n }, (_, i) => deviceId(i));
  const runs = [];
  // Alternating in one process: `fresh` allocates every device's arrays (as a caller that keeps them);
  // `reused` hands each chunk's spent DeviceHours back to the next call, as the earnings service does.
  for (let r = 0; r < settings.repeats; r++) {
    for (const mode of ['fresh', 'reused']) {
      const loadBefore = load();
      const cpu0 = process.cpuUsage();
      const w0 = performance.now();
      let present = 0;
      let spent = [];
      for (let k = 0; k < ids.length; k += settings.chunk) {
        const chunk = ids.slice(k, k + settings.chunk);
        const got = await store.listEarningsHours(
          chunk,
          fromMs,
          endMs,
          mode === 'reused' ? spent : undefined,
        );
        for (const { hours } of got.values()) present += hours.present[hours.present.length - 1];
        spent = [...got.values()].map((g) => g.hours);
      }
      const cpu = process.cpuUsage(cpu0);
      runs.push({
        mode,
        wall_ms: Math.round(performance.now() - w0),
        cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
        load_before: loadBefore,
        load_after: load(),
        devices_present_last_hour: present,
      });
    }
  }
  await store.close();
  const bestOf = (mode) =>
    runs.filter((x) => x.mode === mode).reduce((a, b) => (b.cpu_ms < a.cpu_ms ? b : a));
  const best = bestOf('fresh');
  const reused = bestOf('reused');
  fleets.push({
    devices: n,
    hours: (endMs - fromMs) / HOUR,
    span_rows: spanRows,
    span_bytes: spanBytes,
    db_bytes: statSync(file).size,
    fill_s,
    best_wall_ms: best.wall_ms,
    best_cpu_ms: best.cpu_ms,
    reused_best_wall_ms: reused.wall_ms,
    reused_best_cpu_ms: reused.cpu_ms,
    runs,
  });
  console.log(
    `${n} devices × ${settings.days} d: listEarningsHours ${best.wall_ms} ms wall, ${best.cpu_ms} ms CPU ` +
      `(${spanRows} span rows, ${Math.round(spanBytes / 1e6)} MB; load ${best.load_before.join(' ')}); ` +
      `reusing spent buffers ${reused.wall_ms} ms wall, ${reused.cpu_ms} ms CPU (load ${reused.load_before.join(' ')})`,
  );
}
const result = {
  machine: {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    mem_gb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
  },
  node: process.version,
  settings,
  fleets,
};
mkdirSync(dirname(resultPath), { recursive: true });
writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${resultPath}`);
