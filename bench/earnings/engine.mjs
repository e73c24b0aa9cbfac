// Earnings engine: recompute N days of per-device P&L (valuation, attribution, energy from counter
// readings, TOU tariff, fixed costs, amortization, net, month summary, flags, decomposition) for 1,000
// and 10,000 devices. Needs the built hub: `npx tsc -b shared agent hub`. See README.md beside this file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './fill.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
// BENCH_HUB_DIST: another build of hub/dist (e.g. an older commit's) to compare with.
const entry = join(resolve(root, process.env.BENCH_HUB_DIST ?? 'hub/dist'), 'earnings/index.js');
if (!existsSync(entry)) throw new Error(`${entry} is missing; run \`npx tsc -b shared agent hub\` first`);
const E = await import(entry);
const E_hours = await import(join(dirname(entry), '../store/earnings-hours.js'));

const env = (name, fallback) => process.env[name] ?? fallback;
const settings = {
  days: Number(env('BENCH_DAYS', '90')),
  fleets: env('BENCH_FLEETS', '1000,10000').split(',').map(Number),
  input: 'DeviceHours (per UTC hour: online, GPU-busy, bytes, measured/interpolated mWh, known ms)',
  exact_up_to: Number(env('BENCH_EXACT_UP_TO', '1000')),
  zone: env('BENCH_ZONE', 'Europe/Berlin'),
  devices_per_account: 4,
  rewards_per_device_per_day: 1,
};
const resultPath = resolve(root, env('BENCH_RESULT', 'bench/results/earnings-engine.json'));
const first = '2024-03-01';
const last = E.addDays(first, settings.days - 1);

/**
 * One device's hours (what the store's earnings hours hold), made when needed so 10k devices' hours
 * never sit in memory together: online most hours (3 % partly down), GPU-busy, bytes, energy at the
 * device's watts, now and then an hour of unknown energy.
 */
function hoursOf(d, startHourMs, count, into) {
  const rand = prng(d.seed);
  const h = into ?? E_hours.emptyDeviceHours(startHourMs, count);
  for (let x = 0; x < count; x++) {
    const up = rand() < 0.03 ? Math.floor(rand() * 3_600_000) : 3_600_000;
    h.upMs[x] = up;
    h.busyMs[x] = Math.floor(up * rand());
    h.bytes[x] = Math.floor(rand() * 5e8);
    h.present[x] = 1;
    const known = rand() < 0.001 ? 0 : 3_600_000;
    h.knownMs[x] = known;
    h.measuredMwh[x] = known === 0 ? 0 : d.watts * 1000;
  }
  return h;
}

function fleet(n, cal) {
  const rand = prng(n);
  const devices = [];
  const rewards = [];
  const links = [];
  for (let i = 0; i < n; i++) {
    const id = `dev${String(i).padStart(6, '0')}`;
    const watts = 50 + Math.floor(rand() * 300);
    devices.push({
      device: id,
      watts,
      seed: i + 1,
      amortization: { price: '1500', months: 24, start: '2024-01-15' },
    });
    for (const d of cal.days) {
      rewards.push({
        network: 'helium',
        account: `acct${Math.floor(i / settings.devices_per_account)}`,
        token: 'HNT',
        amount: String(Math.floor(rand() * 5e8)),
        ts: d.startMs + 36_000_000,
      });
    }
  }
  for (let a = 0; a < Math.ceil(n / settings.devices_per_account); a++) {
    const ids = devices
      .slice(a * settings.devices_per_account, (a + 1) * settings.devices_per_account)
      .map((d) => d.device);
    links.push({ network: 'helium', account: `acct${a}`, devices: ids, rule: { kind: 'uptime' } });
  }
  const prices = [];
  for (let t = cal.startMs; t < cal.endMs; t += 3_600_000)
    prices.push({
      token: 'HNT',
      currency: 'usd',
      ts: t + 120_000,
      price: (3 + rand() * 2).toFixed(6),
      source: 'bench',
    });
  return { devices, rewards, links, prices };
}

const tou = [
  { kind: 'flat', currency: 'usd', effectiveFrom: '2023-01-01', pricePerKwh: '0.30' },
  {
    kind: 'tou',
    currency: 'usd',
    effectiveFrom: E.addDays(first, 10),
    defaultPricePerKwh: '0.25',
    bands: [{ days: [1, 2, 3, 4, 5], fromHour: 17, toHour: 21, pricePerKwh: '0.45' }],
  },
];

const costs = { fixedCosts: [{ name: 'hosting', monthly: '12.50' }] };

/** Wall and CPU (user + system, all threads: GC helpers included) milliseconds of `f`, added to `acc`. */
function timed(acc, name, f) {
  const w = performance.now();
  const c = process.cpuUsage();
  const out = f();
  const dc = process.cpuUsage(c);
  acc[name] = acc[name] ?? { wall: 0, cpu: 0 };
  acc[name].wall += performance.now() - w;
  acc[name].cpu += (dc.user + dc.system) / 1000;
  return out;
}

const CHUNK = 500;

/** The columnar engine (the fleet recompute), phase by phase; synthetic input generation excluded. */
function columnar(cal, data, startHourMs, hourCount) {
  const plan = E.planTariff(cal, tou);
  const t = {};
  // What the service does per chunk of devices read from the store: each device's hours reduced to
  // per-day activity and per-day-and-price energy at once, the hours then dropped.
  const reduced = new Map();
  const pool = Array.from({ length: CHUNK }, () => E_hours.emptyDeviceHours(startHourMs, hourCount));
  const table = timed(
    t,
    'reduce_hours',
    () => new E.DayTable(data.devices.length, cal.days.length, plan.prices.length),
  );
  for (let k = 0; k < data.devices.length; k += CHUNK) {
    const chunk = data.devices.slice(k, k + CHUNK);
    // The synthetic hours are written into the same 500 buffers chunk after chunk, so that making
    // them (not part of the engine) does not load the garbage collector during the timed reduction.
    const hours = timed(t, 'generate', () =>
      chunk.map((d, i) => hoursOf(d, startHourMs, hourCount, pool[i])),
    );
    timed(t, 'reduce_hours', () =>
      chunk.forEach((d, i) => {
        const row = k + i;
        const into = { activity: table.activity(row), energy: table.energy(row) };
        reduced.set(d.device, E.reduceHours(cal, plan, hours[i], into));
      }),
    );
  }
  const byId = new Map(data.devices.map((d) => [d.device, d]));
  const { columns, unattributed, phaseMs } = timed(t, 'engine', () =>
    E.fleetColumns({
      cal,
      devices: data.devices.map((d) => d.device),
      rewards: data.rewards,
      prices: E.indexPrices(data.prices),
      spot: new Map([['HNT', '4.20']]),
      links: data.links,
      tariff: plan,
      energyOf: (id) => reduced.get(id)?.energy,
      activityOf: (id) => reduced.get(id)?.activity,
      costsOf: (id) => ({ ...costs, amortization: byId.get(id).amortization }),
    }),
  );
  // Fleet summary from the columns: month to date per device, fleet total.
  const D = columns.days;
  const monthStart = cal.days.findIndex((d) => d.key >= `${last.slice(0, 8)}01`);
  const mtd = timed(t, 'summary', () => {
    let total = 0n;
    for (let d = 0; d < columns.devices.length; d++) {
      let m = 0;
      for (let i = monthStart; i < D; i++) m += columns.net[d * D + i];
      total += BigInt(m);
    }
    return total;
  });
  // What the snapshot adds per device: DeviceDay rows of the last 35 days, flags and decomposition.
  const recentFrom = E.addDays(last, -6);
  const flags = timed(t, 'snapshot_extras', () => {
    let n = 0;
    for (let d = 0; d < columns.devices.length; d++) {
      const rows = E.deviceDayRows(columns, d, Math.max(0, D - 35));
      n += E.reconcile(rows, { today: last, nowMs: cal.endMs }).length;
      E.decompose(
        rows.filter((x) => x.day < recentFrom),
        rows.filter((x) => x.day >= recentFrom),
      );
    }
    return n;
  });
  const r = (x) => Math.round(x);
  const computeWall = t.reduce_hours.wall + t.engine.wall + t.summary.wall;
  const computeCpu = t.reduce_hours.cpu + t.engine.cpu + t.summary.cpu;
  return {
    columns,
    unattributed,
    mtd,
    flags,
    genMs: t.generate.wall,
    phases_ms: {
      reduce_hours: r(t.reduce_hours.wall),
      valuation: r(phaseMs.valuation),
      attribution: r(phaseMs.attribution),
      days: r(phaseMs.days),
      summary: r(t.summary.wall),
    },
    compute_ms: r(computeWall),
    compute_cpu_ms: r(computeCpu),
    snapshot_extras_ms: r(t.snapshot_extras.wall),
  };
}

/** The exact BigInt engine on the same inputs (valueRewards → attribute → deviceDays), for comparison. */
function exact(cal, data, startHourMs, hourCount) {
  const plan = E.planTariff(cal, tou);
  let genMs = 0;
  const t0 = performance.now();
  const hours = new Map();
  const activity = new Map();
  for (const d of data.devices) {
    const g = performance.now();
    const h = hoursOf(d, startHourMs, hourCount);
    genMs += performance.now() - g;
    hours.set(d.device, h);
    activity.set(d.device, E.hoursActivity(cal, h));
  }
  const valued = E.valueRewards(data.rewards, E.indexPrices(data.prices), new Map([['HNT', '4.20']]));
  const { shares } = E.attribute(cal, valued, data.links, activity);
  const byDevice = new Map();
  for (const s of shares) (byDevice.get(s.device) ?? byDevice.set(s.device, []).get(s.device)).push(s);
  let net = 0n;
  let sample = null;
  for (const d of data.devices) {
    const days = E.deviceDays(
      cal,
      { device: d.device, hours: hours.get(d.device), plan, ...costs, amortization: d.amortization },
      byDevice.get(d.device) ?? [],
      activity,
    );
    for (const x of days) net += x.netMicros;
    sample ??= days;
  }
  return { compute_ms: Math.round(performance.now() - t0 - genMs), net, sample };
}

function run(n) {
  const loadBefore = loadavg()[0];
  const cal = E.buildCalendar(first, last, settings.zone);
  const data = fleet(n, cal);
  const startHourMs = Math.floor(cal.startMs / 3_600_000) * 3_600_000;
  const hourCount = Math.ceil((cal.endMs - startHourMs) / 3_600_000);
  const c = columnar(cal, data, startHourMs, hourCount);
  let net = 0;
  for (const x of c.columns.net) net += x;
  const out = {
    devices: n,
    days: settings.days,
    device_hours: n * hourCount,
    rewards: data.rewards.length,
    unattributed: c.unattributed.length,
    flags: c.flags,
    fleet_net: E.formatCents(BigInt(net)),
    fleet_month_to_date: E.formatCents(c.mtd),
    compute_ms: c.compute_ms,
    compute_cpu_ms: c.compute_cpu_ms,
    phases_ms: c.phases_ms,
    compute_us_per_device_day: Math.round((c.compute_ms * 1000) / (n * settings.days)),
    snapshot_extras_ms: c.snapshot_extras_ms,
    generate_ms: Math.round(c.genMs),
  };
  if (n <= settings.exact_up_to) {
    const x = exact(cal, data, startHourMs, hourCount);
    out.exact_compute_ms = x.compute_ms;
    out.exact_fleet_net = E.formatCents(x.net);
    const rows = E.deviceDayRows(c.columns, 0);
    out.exact_equal_first_device =
      JSON.stringify(rows, (_, v) => (typeof v === 'bigint' ? `${v}` : v)) ===
      JSON.stringify(x.sample, (_, v) => (typeof v === 'bigint' ? `${v}` : v));
  }
  out.load_avg_1m = [Math.round(loadBefore * 10) / 10, Math.round(loadavg()[0] * 10) / 10];
  return out;
}

const runs = settings.fleets.map(run);
const result = {
  name: 'earnings-engine',
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
  note: 'compute_ms = the columnar fleet recompute (hub/src/earnings/columnar-*.ts): reduce_hours (each device hours → per-day activity and per-day-and-price energy, in chunks of 500 devices as the service reads them), valuation, attribution, days (energy cost under the TOU tariff, fixed costs, amortization, net per device-day) and summary (month to date per device and fleet); generating the synthetic hours is excluded (generate_ms). compute_cpu_ms = process CPU time of the same (all threads, GC helpers included). snapshot_extras_ms: DeviceDay rows of the last 35 days, reconcile() flags and decompose() per device (what the service snapshot adds). exact_compute_ms: the exact BigInt engine (valueRewards → attribute → deviceDays) on the same inputs, for fleets up to exact_up_to. Single thread; load_avg_1m = 1-minute load average before/after (2 cores: above 2 means waiting).',
};
mkdirSync(dirname(resultPath), { recursive: true });
writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
for (const r of runs) {
  console.log(
    `${r.devices} devices × ${r.days} days (${r.device_hours} device-hours, ${r.rewards} rewards): compute ${r.compute_ms} ms (cpu ${r.compute_cpu_ms}) ` +
      `${JSON.stringify(r.phases_ms)} = ${r.compute_us_per_device_day} µs/device-day; snapshot extras ${r.snapshot_extras_ms} ms` +
      (r.exact_compute_ms !== undefined
        ? `; exact engine ${r.exact_compute_ms} ms (net ${r.exact_fleet_net} vs ${r.fleet_net}, first device equal: ${r.exact_equal_first_device})`
        : '') +
      `; load ${r.load_avg_1m}`,
  );
}
console.log(`saved ${resultPath}`);
