// Storage growth: N simulated devices (GPU rigs and Raspberry Pis) × D days of 10 s samples through the
// hub's SQLite store, once with raw samples only and once with the rollup job (hourly + daily rollups,
// raw retention, WAL checkpoint) after every simulated day. Reports bytes per device per day and saves
// bench/results/storage.json. Needs the built hub: `npx tsc -b shared agent hub`. See README.md beside this file.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (p) => join(root, 'hub/dist', p);
if (!existsSync(dist('rollups/job.js')))
  throw new Error('hub/dist is missing; run `npx tsc -b shared agent hub` first');
const { openSqliteStore } = await import(dist('store/sqlite/index.js'));
const { runRollups } = await import(dist('rollups/job.js'));
const { ROLLUP_DEFAULTS } = await import(dist('rollups/settings.js'));

const env = (name, fallback) => process.env[name] ?? fallback;
const settings = {
  devices: Number(env('BENCH_DEVICES', '8')),
  days: Number(env('BENCH_DAYS', '7')),
  interval_s: Number(env('BENCH_INTERVAL_S', '10')),
  raw_retention_days: Number(env('BENCH_RAW_RETENTION_DAYS', '2')),
  hourly_retention_days: ROLLUP_DEFAULTS.hourlyRetentionDays,
  gpu_rig_share: 0.5,
  batch: 5000,
};
const resultPath = resolve(root, env('BENCH_RESULT', 'bench/results/storage.json'));
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

const gpu = (index, util, watts) => ({
  vendor: 'nvidia',
  index,
  uuid: `GPU-3f1c${index}a2e-5b7d-4c1e-9f0a-${index}d2b8c6e4f10`,
  name: 'NVIDIA GeForce RTX 4090',
  util_gpu_pct: util,
  util_mem_pct: 31,
  mem_used_bytes: 9_663_676_416,
  mem_total_bytes: 25_757_220_864,
  temp_c: 60 + Math.round(util / 5),
  power_draw_w: watts,
  power_limit_w: 450,
  fan_pct: 55,
  pstate: 'P2',
  clock_sm_mhz: 2520,
  clock_mem_mhz: 10_501,
  mig_mode: null,
});

/** The k-th sample of device i (0-based), as a real agent would send it: counters grow, values wobble. */
const isRig = (i) => i < settings.devices * settings.gpu_rig_share;
const idOf = (i) => `${isRig(i) ? 'rig' : 'pi'}-${String(i).padStart(4, '0')}`;

function sampleOf(i, k) {
  const rig = isRig(i);
  const t = k * settings.interval_s;
  const wobble = (k * 7919 + i * 104_729) % 100;
  const base = {
    v: 1,
    device_id: idOf(i),
    seq: k + 1,
    ts: T0 + t * 1000,
    boot_id: `6a1ca4ee-bc67-4c7f-830a-${String(i).padStart(12, '0')}`,
    uptime_s: t + 1791.6,
    cpu_load_pct: 5 + (wobble % 40) + 0.5,
    load_avg_1m: 0.79,
    load_avg_5m: 0.41,
    load_avg_15m: 0.2,
    mem_total_bytes: rig ? 67_274_793_984 : 8_229_298_176,
    mem_used_bytes: (rig ? 12_446_849_024 : 1_146_849_024) + wobble * 1_048_576,
    mem_available_bytes: rig ? 54_827_944_960 : 7_082_449_152,
    swap_total_bytes: 0,
    swap_used_bytes: 0,
    cpu_temp_c: rig ? 48 + (wobble % 10) : null,
    disks: [
      { mount: '/', fs: 'ext4', size_bytes: 1_970_553_174_016, used_bytes: 524_166_113_280 + k * 4096 },
    ],
    net: [
      { iface: 'lo', rx_bytes_total: 1_000_000 + k * 500, tx_bytes_total: 1_000_000 + k * 500 },
      {
        iface: rig ? 'enp5s0' : 'eth0',
        rx_bytes_total: 376_622_621 + k * 250_000,
        tx_bytes_total: 552_344 + k * 90_000,
      },
    ],
    outbox_floor_seq: k + 1,
    outbox_pending: 0,
    outbox_dropped_total: 0,
  };
  if (rig) {
    const util = 60 + (wobble % 40);
    const watts = 180 + util * 2;
    return {
      ...base,
      gpus: [gpu(0, util, watts), gpu(1, util - 10, watts - 20)],
      workloads: [{ network: 'io-net', running: true, source: 'container' }],
      power: {
        watts: 2 * watts + 120,
        energy_wh_total: Math.round(((2 * watts + 120) * t) / 3.6) / 1000,
        energy_epoch_id: `epoch-${i}`,
        parts: [
          { source: 'gpu', watts: 2 * watts - 20, measured: true },
          { source: 'rapl', watts: 140, measured: true },
        ],
      },
    };
  }
  return {
    ...base,
    pi: {
      model: 'Raspberry Pi 4 Model B Rev 1.4',
      soc_temp_c: 48 + (wobble % 8),
      throttled_raw: 0,
      under_voltage_now: false,
      freq_capped_now: false,
      throttled_now: false,
      soft_temp_limit_now: false,
      under_voltage_since_boot: false,
      freq_capped_since_boot: false,
      throttled_since_boot: false,
      soft_temp_limit_since_boot: false,
    },
    workloads: [{ network: 'helium', running: true, source: 'process' }],
    power: {
      watts: 6.5,
      energy_wh_total: Math.round((6.5 * t) / 3.6) / 1000,
      energy_epoch_id: `epoch-${i}`,
      parts: [{ source: 'configured', watts: 6.5, measured: false }],
    },
  };
}

/** Pages in use (file size minus free pages) and each table's bytes, from SQLite's dbstat. */
function measure(file) {
  const db = new Database(file, { readonly: true });
  try {
    const pageSize = db.pragma('page_size', { simple: true });
    const used =
      (db.pragma('page_count', { simple: true }) - db.pragma('freelist_count', { simple: true })) * pageSize;
    const tables = Object.fromEntries(
      db
        .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
        .all()
        .map((r) => [r.name, r.bytes]),
    );
    return { file_bytes: statSync(file).size, used_bytes: used, tables };
  } finally {
    db.close();
  }
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const msSince = (t) => Number(process.hrtime.bigint() - t) / 1e6;

/** How fast the rollups read back: one device's chart range, and every device's rows at once (earnings). */
async function readTimes(store) {
  const ids = Array.from({ length: settings.devices }, (_, i) => idOf(i));
  const chart = [];
  for (let r = 0; r < 50; r++) {
    for (const id of ids) {
      const t = process.hrtime.bigint();
      await store.listHourRollups(id, T0, T0 + 30 * DAY);
      chart.push(msSince(t));
    }
  }
  chart.sort((a, b) => a - b);
  // The median of 5 reads: the machine is shared, a single read can land on someone else's burst.
  const fleet = async (list) => {
    const runs = [];
    let rows = 0;
    for (let r = 0; r < 5; r++) {
      const t = process.hrtime.bigint();
      rows = [...(await list(null, T0, T0 + 90 * DAY)).values()].reduce((n, x) => n + x.length, 0);
      runs.push(msSince(t));
    }
    const ms = quantile(
      runs.sort((a, b) => a - b),
      0.5,
    );
    return { rows, ms, us_per_row: (ms * 1000) / rows };
  };
  return {
    chart_hour_rows_per_device: settings.days * 24,
    chart_ms: { p50: quantile(chart, 0.5), p99: quantile(chart, 0.99), n: chart.length },
    fleet_hour_rows: await fleet((...a) => store.listHourRollupsForDevices(...a)),
    fleet_day_rows: await fleet((...a) => store.listDayRollupsForDevices(...a)),
  };
}

async function scenario(name, withRollups) {
  const dir = mkdtempSync(join(tmpdir(), `nt-bench-storage-${name}-`));
  const file = join(dir, 'nodetally.db');
  const store = openSqliteStore(file);
  const perDay = DAY / 1000 / settings.interval_s;
  const job = {
    ...ROLLUP_DEFAULTS,
    rawRetentionDays: settings.raw_retention_days,
    hourlyRetentionDays: settings.hourly_retention_days,
  };
  const days = [];
  const started = process.hrtime.bigint();
  let jobMs = 0;
  for (let d = 0; d < settings.days; d++) {
    let batch = [];
    for (let k = d * perDay; k < (d + 1) * perDay; k++) {
      for (let i = 0; i < settings.devices; i++) {
        batch.push({ sample: sampleOf(i, k), receivedMs: T0 + k * settings.interval_s * 1000 });
        if (batch.length >= settings.batch) {
          await store.insertSamples(batch);
          batch = [];
        }
      }
    }
    if (batch.length > 0) await store.insertSamples(batch);
    const dayEnd = T0 + (d + 1) * DAY;
    if (withRollups) {
      const t = process.hrtime.bigint();
      // One simulated day of the job (runs every minute in a hub) in a few calls; each is bounded.
      for (let run = 0; ; run++) {
        const r = await runRollups(store, job, dayEnd + 60_000);
        if (r.rawDeleted < job.retentionDeleteBatch || run > 100) break;
      }
      jobMs += Number(process.hrtime.bigint() - t) / 1e6;
    }
    await store.checkpointWal();
    const m = measure(file);
    days.push({ day: d + 1, ...m });
    console.log(
      `${name} day ${d + 1}: ${(m.used_bytes / 1e6).toFixed(1)} MB used, file ${(m.file_bytes / 1e6).toFixed(1)} MB`,
    );
  }
  const reads = withRollups ? await readTimes(store) : null;
  await store.close();
  // Raw only deletes nothing, so it has no free pages to give back: VACUUM would only take minutes.
  if (withRollups) {
    const db = new Database(file);
    db.exec('VACUUM');
    db.close();
  }
  const vacuumed = statSync(file).size;
  rmSync(dir, { recursive: true, force: true });

  const perDevice = (bytes) => Math.round(bytes / settings.devices);
  // Steady state: the days after the raw window filled (with rollups) or all but the first (raw only).
  const from = withRollups ? Math.min(settings.raw_retention_days + 1, settings.days - 2) : 1;
  const steady = days.slice(from);
  const growth =
    steady.length >= 2
      ? (steady.at(-1).used_bytes - steady[0].used_bytes) / (steady.length - 1) / settings.devices
      : null;
  // Bytes in use besides the raw samples and their index: what the database keeps for ever.
  const kept = (x) => x.used_bytes - (x.tables.samples ?? 0) - (x.tables.samples_by_time ?? 0);
  const keptGrowth =
    days.length >= 3 ? (kept(days.at(-1)) - kept(days[1])) / (days.length - 2) / settings.devices : null;
  const last = days.at(-1);
  const rollupBytes =
    (last.tables.hour_rollups ?? 0) +
    (last.tables.day_rollups ?? 0) +
    (last.tables.hour_rollups_by_hour ?? 0);
  return {
    name,
    rollups_and_retention: withRollups,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    rollup_job_seconds: jobMs / 1000,
    samples_inserted: settings.devices * perDay * settings.days,
    vacuumed_file_bytes: vacuumed,
    vacuumed_bytes_per_device_per_day: Math.round(vacuumed / settings.devices / settings.days),
    steady_growth_bytes_per_device_per_day: growth === null ? null : Math.round(growth),
    steady_state_days: steady.map((x) => x.day),
    non_raw_growth_bytes_per_device_per_day: keptGrowth === null ? null : Math.round(keptGrowth),
    rollup_bytes_per_device_per_day: perDevice(rollupBytes / settings.days),
    tables_bytes_at_end: last.tables,
    reads,
    days: days.map(({ day, file_bytes, used_bytes }) => ({ day, file_bytes, used_bytes })),
  };
}

const raw = await scenario('raw-only', false);
const rolled = await scenario('rollups+retention', true);
const kb = (b) => (b === null ? 'n/a' : `${(b / 1024).toFixed(1)} KB`);
const result = {
  benchmark: 'storage',
  date: new Date().toISOString(),
  machine: {
    cpu_model: cpus()[0]?.model,
    cores: cpus().length,
    mem_total_mb: Math.round(totalmem() / 1e5) / 10,
    kernel: release(),
    node: process.version,
    sqlite: new Database(':memory:').prepare('SELECT sqlite_version() AS v').get().v,
  },
  settings: {
    ...settings,
    store: 'hub SQLite store (WAL, synchronous=FULL), one transaction per insert batch',
    job: 'runRollups after each simulated day (a hub runs it every rollupIntervalS), then wal_checkpoint(TRUNCATE)',
    devices_mix:
      'half GPU rigs (2 × RTX 4090, power parts, io-net workload), half Raspberry Pi 4 (pi block, helium workload)',
  },
  target: { max_bytes_per_device_per_day: 50 * 1024 },
  runs: [raw, rolled],
  summary: {
    raw_bytes_per_device_per_day: raw.steady_growth_bytes_per_device_per_day,
    with_rollups_steady_growth_bytes_per_device_per_day: rolled.steady_growth_bytes_per_device_per_day,
    rollup_rows_bytes_per_device_per_day: rolled.rollup_bytes_per_device_per_day,
    with_rollups_non_raw_growth_bytes_per_device_per_day: rolled.non_raw_growth_bytes_per_device_per_day,
    raw_window_bytes_per_device: rolled.tables_bytes_at_end.samples / settings.devices,
  },
};
mkdirSync(dirname(resultPath), { recursive: true });
writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
console.table([
  ['raw samples only: growth per device per day', kb(raw.steady_growth_bytes_per_device_per_day)],
  [
    'rollups + retention: steady growth per device per day',
    kb(rolled.steady_growth_bytes_per_device_per_day),
  ],
  ['rollup rows (hour + day) per device per day', kb(rolled.rollup_bytes_per_device_per_day)],
  [
    'rollups + retention: growth of all but raw samples, per device per day',
    kb(rolled.non_raw_growth_bytes_per_device_per_day),
  ],
  ['raw window kept per device (all retained days)', kb(result.summary.raw_window_bytes_per_device)],
  ['file, raw only (no free pages), per device per day', kb(raw.vacuumed_bytes_per_device_per_day)],
  ['after VACUUM, rollups + retention, per device per day', kb(rolled.vacuumed_bytes_per_device_per_day)],
  [
    `chart read (${rolled.reads.chart_hour_rows_per_device} hour rows) p99`,
    `${rolled.reads.chart_ms.p99.toFixed(2)} ms`,
  ],
  [
    `chart read (${rolled.reads.chart_hour_rows_per_device} hour rows) p50`,
    `${rolled.reads.chart_ms.p50.toFixed(2)} ms`,
  ],
  ['fleet read, hour rows', `${rolled.reads.fleet_hour_rows.us_per_row.toFixed(2)} µs/row`],
  ['fleet read, day rows', `${rolled.reads.fleet_day_rows.us_per_row.toFixed(2)} µs/row`],
]);
console.log(`saved ${resultPath}`);
