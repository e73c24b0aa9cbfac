// Earnings engine: recompute N days of per-device P&L (valuation, attribution, energy from counter
// readings, TOU tariff, fixed costs, amortization, net, month summary, flags, decomposition) for 1,000
// and 10,000 devices. Needs the built hub: `npx tsc -b shared agent hub`. See README.md beside this file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
// BENCH_HUB_DIST: another build of hub/dist (e.g. an older commit's) to compare with.
const entry = join(resolve(root, process.env.BENCH_HUB_DIST ?? 'hub/dist'), 'earnings/index.js');
if (!existsSync(entry)) throw new Error(`${entry} is missing; run \`npx tsc -b shared agent hub\` first`);
const E = await import(entry);

const env = (name, fallback) => process.env[name] ?? fallback;
const settings = {
  days: Number(env('BENCH_DAYS', '30')),
  fleets: env('BENCH_FLEETS', '1000,10000').split(',').map(Number),
  reading_interval_s: Number(env('BENCH_READING_INTERVAL_S', '900')),
  zone: env('BENCH_ZONE', 'Europe/Berlin'),
  devices_per_account: 4,
  rewards_per_device_per_day: 1,
};
const resultPath = resolve(root, env('BENCH_RESULT', 'bench/results/earnings-engine.json'));
const first = '2024-03-01';
const last = E.addDays(first, settings.days - 1);

/** Deterministic PRNG (mulberry32) so every run sees the same fleet. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One device's counter readings, made when needed so 10k devices' readings never sit in memory together. */
function readingsOf(d, cal) {
  const rand = prng(d.seed);
  const step = settings.reading_interval_s * 1000;
  const readings = [];
  let wh = 0;
  let epoch = 0;
  for (let t = cal.startMs; t <= cal.endMs; t += step) {
    if (rand() < 0.001) {
      epoch += 1; // a restart now and then
      wh = 0;
    }
    readings.push({
      ts: t,
      energyWhTotal: Math.round(wh * 1e6) / 1e6,
      epochId: `${d.device}-${epoch}`,
      watts: d.watts,
    });
    wh += (d.watts * settings.reading_interval_s) / 3600;
  }
  return readings;
}

function fleet(n, cal) {
  const rand = prng(n);
  const devices = [];
  const rewards = [];
  const links = [];
  const activity = new Map();
  for (let i = 0; i < n; i++) {
    const id = `dev${String(i).padStart(6, '0')}`;
    const watts = 50 + Math.floor(rand() * 300);
    devices.push({
      device: id,
      watts,
      seed: i + 1,
      amortization: { price: '1500', months: 24, start: '2024-01-15' },
    });
    const byDay = new Map();
    for (const d of cal.days) {
      byDay.set(d.key, {
        uptimeS: Math.floor(86_400 * (0.8 + rand() * 0.2)),
        gpuBusyS: Math.floor(rand() * 60_000),
        bytes: 0,
      });
      rewards.push({
        network: 'helium',
        account: `acct${Math.floor(i / settings.devices_per_account)}`,
        token: 'HNT',
        amount: String(Math.floor(rand() * 5e8)),
        ts: d.startMs + 36_000_000,
      });
    }
    activity.set(id, byDay);
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
  return { devices, rewards, links, activity, prices };
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

function run(n) {
  const t0 = performance.now();
  const cal = E.buildCalendar(first, last, settings.zone);
  const data = fleet(n, cal);
  const tGen = performance.now();
  const plan = E.planTariff(cal, tou);
  const valued = E.valueRewards(data.rewards, E.indexPrices(data.prices), new Map([['HNT', '4.20']]));
  const tValue = performance.now();
  const { shares, unattributed } = E.attribute(cal, valued, data.links, data.activity);
  const byDevice = new Map();
  for (const s of shares) (byDevice.get(s.device) ?? byDevice.set(s.device, []).get(s.device)).push(s);
  const tAttr = performance.now();
  let net = 0n;
  let flags = 0;
  let readingCount = 0;
  let genMs = 0;
  const recentFrom = E.addDays(last, -6);
  for (const d of data.devices) {
    const g = performance.now();
    const readings = readingsOf(d, cal);
    genMs += performance.now() - g;
    readingCount += readings.length;
    const days = E.deviceDays(
      cal,
      { ...d, readings, plan, fixedCosts: [{ name: 'hosting', monthly: '12.50' }] },
      byDevice.get(d.device) ?? [],
      data.activity,
    );
    const m = E.monthSummary(days, last);
    net += m.monthToDateMicros;
    flags += E.reconcile(days, { today: last, nowMs: cal.endMs }).length;
    E.decompose(
      days.filter((x) => x.day < recentFrom),
      days.filter((x) => x.day >= recentFrom),
    );
  }
  const tEnd = performance.now();
  return {
    devices: n,
    days: settings.days,
    readings: readingCount,
    rewards: data.rewards.length,
    unattributed: unattributed.length,
    flags,
    fleet_month_to_date: E.formatCents(net),
    generate_ms: Math.round(tGen - t0 + genMs),
    value_ms: Math.round(tValue - tGen),
    attribute_ms: Math.round(tAttr - tValue),
    per_device_ms: Math.round(tEnd - tAttr - genMs),
    compute_ms: Math.round(tEnd - tGen - genMs),
    compute_us_per_device_day: Math.round(((tEnd - tGen - genMs) * 1000) / (n * settings.days)),
  };
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
  note: 'compute_ms excludes generating the synthetic fleet and its readings (generate_ms); single thread; the readings of one device are made just before it is computed.',
};
mkdirSync(dirname(resultPath), { recursive: true });
writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
for (const r of runs) {
  console.log(
    `${r.devices} devices × ${r.days} days (${r.readings} readings, ${r.rewards} rewards): compute ${r.compute_ms} ms` +
      ` (value ${r.value_ms}, attribute ${r.attribute_ms}, per-device ${r.per_device_ms}) = ${r.compute_us_per_device_day} µs/device-day`,
  );
}
console.log(`saved ${resultPath}`);
