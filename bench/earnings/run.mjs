// Earnings benchmark over the real code path: a SQLite hub database filled with hour rollups, reward
// accounts, rewards and prices (fill.mjs), read and computed by hub/src/earnings-service exactly as the
// hub does. Needs the built hub: `pnpm bench:earnings`. See README.md beside this file.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deviceId, fill } from './fill.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (p) => join(root, 'hub/dist', p);
if (!existsSync(dist('earnings-service/fleet.js')))
  throw new Error('hub/dist is missing or stale; run `npx tsc -b shared agent hub` first');
const { openSqliteStore } = await import(dist('store/sqlite/index.js'));
const { rollupData } = await import(dist('store/rollup-rows.js'));
const { columnarOf, computeDays } = await import(dist('earnings-service/compute.js'));
const { fleetSnapshot } = await import(dist('earnings-service/fleet.js'));
const { loadInputs } = await import(dist('earnings-service/inputs.js'));
const { earningsPlan } = await import(dist('earnings-service/settings.js'));
const { addDays, buildCalendar, deviceDayRows } = await import(dist('earnings/index.js'));

const env = (name, fallback) => process.env[name] ?? fallback;
const settings = {
  days: Number(env('BENCH_DAYS', '90')),
  fleets: env('BENCH_FLEETS', '1000').split(',').map(Number),
  zone: env('BENCH_ZONE', 'Europe/Berlin'),
  first_day: env('BENCH_FIRST_DAY', '2024-02-01'),
  devices_per_account: 4,
  rewards_per_device_per_day: 1,
  split: 'uptime',
  tariff: 'flat, then time-of-use from day 10',
};
const resultPath = resolve(root, env('BENCH_RESULT', 'bench/results/earnings.json'));
const dataDir = env('BENCH_DATA_DIR', join(tmpdir(), 'nodetally-bench-earnings'));
const first = settings.first_day;
const last = addDays(first, settings.days - 1);

function earningsSettings(n) {
  return {
    timeZone: settings.zone,
    currency: 'USD',
    tariffs: [
      { effectiveFrom: '2023-01-01', pricePerKwh: '0.30' },
      {
        effectiveFrom: addDays(first, 10),
        defaultPricePerKwh: '0.25',
        bands: [{ days: [1, 2, 3, 4, 5], fromHour: 17, toHour: 21, pricePerKwh: '0.45' }],
      },
    ],
    fixedCosts: [{ name: 'hosting', monthly: '12.50' }],
    hardware: Array.from({ length: n }, (_, i) => ({
      device: deviceId(i),
      price: '1500',
      months: 24,
      purchased: '2024-01-15',
    })),
    rewardSplits: Array.from({ length: Math.ceil(n / settings.devices_per_account) }, (_, a) => ({
      account: `acct${a}`,
      rule: settings.split,
    })),
  };
}

const ms = (t0) => Math.round(performance.now() - t0);

async function run(n) {
  const loadBefore = loadavg()[0];
  const cal = buildCalendar(first, last, settings.zone);
  const file = join(dataDir, `fleet-${n}-${first}-${settings.days}d-${settings.zone.replace('/', '_')}.db`);
  const f0 = performance.now();
  const created = await fill(file, {
    devices: n,
    startMs: cal.startMs,
    endMs: cal.endMs,
    perAccount: settings.devices_per_account,
    hub: { openSqliteStore, rollupData, dirname },
  });
  const fillMs = ms(f0);
  const plan = earningsPlan(earningsSettings(n));
  const nowMs = cal.endMs - 60_000;
  const store = openSqliteStore(file);
  try {
    // Warm-up on a small range so the timed runs do not include JIT start-up of every function.
    await computeDays(store, plan, last, last, null, nowMs);
    // The service path phase by phase: store reads (earnings hours reduced per chunk, rewards with
    // their prices, accounts), the columnar engine, then DeviceDay rows for the API's views.
    const r0 = performance.now();
    const loaded = await loadInputs(store, plan, cal, null, nowMs);
    const readMs = ms(r0);
    const c0 = performance.now();
    const { columns, unattributed, phaseMs } = columnarOf(plan, loaded);
    const computeMs = ms(c0);
    const w0 = performance.now();
    let net = 0n;
    for (let d = 0; d < columns.devices.length; d++)
      for (const row of deviceDayRows(columns, d)) net += row.netMicros;
    const rowsMs = ms(w0);
    const { inputs } = loaded;
    // The same end to end, as /api/v1/earnings/summary and the CSV run it.
    const e0 = performance.now();
    await computeDays(store, plan, first, last, null, nowMs);
    const rangeMs = ms(e0);
    const s0 = performance.now();
    const snap = await fleetSnapshot(store, plan, nowMs);
    const snapshotMs = ms(s0);
    return {
      devices: n,
      days: settings.days,
      database_mb: Math.round(statSync(file).size / 2 ** 20),
      devices_read: inputs.telemetry.size,
      rewards: inputs.rewards.length,
      unattributed: unattributed.length,
      fleet_net: (Number(net) / 1e6).toFixed(2),
      snapshot_devices: snap.devices.length,
      snapshot_flags: snap.devices.reduce((a, d) => a + d.flags.length, 0),
      fill_ms: created ? fillMs : null,
      read_ms: readMs,
      compute_ms: computeMs,
      compute_phases_ms: {
        valuation: Math.round(phaseMs.valuation),
        attribution: Math.round(phaseMs.attribution),
        days: Math.round(phaseMs.days),
      },
      rows_ms: rowsMs,
      range_ms: rangeMs,
      range_us_per_device_day: Math.round((rangeMs * 1000) / (n * settings.days)),
      snapshot_ms: snapshotMs,
      // The machine is shared: 1-minute load average before and after (2 cores: above 2 means waiting).
      load_avg_1m: [Math.round(loadBefore * 10) / 10, Math.round(loadavg()[0] * 10) / 10],
    };
  } finally {
    await store.close();
  }
}

mkdirSync(dataDir, { recursive: true });
const runs = [];
for (const n of settings.fleets) {
  const r = await run(n);
  runs.push(r);
  console.log(
    `${r.devices} devices × ${r.days} days (${r.rewards} rewards, ${r.database_mb} MiB): read ${r.read_ms} ms, ` +
      `compute ${r.compute_ms} ms ${JSON.stringify(r.compute_phases_ms)}, rows ${r.rows_ms} ms; ` +
      `range end to end ${r.range_ms} ms = ${r.range_us_per_device_day} µs/device-day; fleet snapshot ${r.snapshot_ms} ms; load ${r.load_avg_1m}`,
  );
}
const result = {
  name: 'earnings',
  at: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    mem_gb: Math.round(totalmem() / 2 ** 30),
    os: release(),
    node: process.version,
  },
  settings,
  runs,
  note: 'read_ms = loadInputs (earnings hours via store.listEarningsHours, reduced per chunk of 64 devices to per-day activity and per-day-and-price energy; reward events with their prices; accounts) ; compute_ms = the columnar engine (columnarOf: valuation, attribution, per device-day energy cost, fixed costs, amortization, net); rows_ms = DeviceDay objects of every device (what the JSON views and CSV format); range_ms = computeDays end to end (read + compute + rows, as /api/v1/earnings/summary and the CSV run it); snapshot_ms = the earnings service refresh (fleetSnapshot: its own reads of a 35-day window, month, flags, decomposition). Single thread; database built once per settings by fill.mjs (fill_ms, null when reused); load_avg_1m shows how busy the shared machine was.',
};
mkdirSync(dirname(resultPath), { recursive: true });
writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
console.log(`saved ${resultPath}`);
