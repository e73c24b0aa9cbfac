// Fills a real SQLite hub database with a synthetic fleet: hour rollups and earnings hours (what
// earnings reads for activity and energy), reward accounts linked to devices, reward events and hourly
// prices. Built once per (devices, days) and reused: filling is not what the benchmark measures.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const dist = (p) => join(fileURLToPath(new URL('../../hub/dist/', import.meta.url)), p);

/** Deterministic PRNG (mulberry32) so every run sees the same fleet. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
export const deviceId = (i) => `dev${String(i).padStart(6, '0')}`;
export const accountOf = (i, perAccount) => `acct${Math.floor(i / perAccount)}`;

/** One device's hour rows over [startMs, endMs): mostly online, a restart now and then, some outages. */
function hourObjects(i, startMs, endMs) {
  const rand = prng(i + 1);
  const watts = 50 + Math.floor(rand() * 300);
  let wh = rand() * 1000;
  let epoch = 0;
  const rows = [];
  for (let h = startMs; h < endMs; h += HOUR) {
    if (rand() < 0.002) {
      epoch += 1;
      wh = 0;
    }
    const outage = rand() < 0.03;
    const upMs = outage ? Math.floor(rand() * HOUR) : HOUR;
    const first = {
      ts: h + 10_000,
      energy_wh_total: Math.round(wh * 1e6) / 1e6,
      epoch_id: `e${i}-${epoch}`,
      watts,
    };
    wh += (watts * upMs) / HOUR;
    const last = {
      ts: h + HOUR - 5_000,
      energy_wh_total: Math.round(wh * 1e6) / 1e6,
      epoch_id: `e${i}-${epoch}`,
      watts,
    };
    const util = Math.floor(rand() * 100);
    rows.push({
      device_id: deviceId(i),
      hour_ms: h,
      samples: Math.round(upMs / 15_000),
      up_ms: upMs,
      gpu_busy_ms: Math.floor((upMs * util) / 100),
      rx_bytes: Math.floor(rand() * 5e8),
      tx_bytes: Math.floor(rand() * 5e8),
      cpu_pct_avg: 20,
      cpu_pct_max: 60,
      mem_used_bytes_avg: 4e9,
      mem_total_bytes: 16e9,
      temp_c_max: 61,
      power_w_avg: watts,
      gpus: [
        { index: 0, util_pct_avg: util, temp_c_max: 70, power_w_avg: watts * 0.7, mem_used_bytes_avg: 2e9 },
      ],
      energy_first: upMs > 0 ? first : null,
      energy_last: upMs > 0 ? last : null,
      boots: 0,
    });
  }
  return rows;
}

/**
 * Earnings hours of one device from its hour rows, derived and packed by the hub's own code (the
 * migration's backfill path: activity of the rows, `energySlots` on their first/last readings).
 */
async function earningsSpans(rows, startMs, endMs) {
  const { activityOf, planSpanEdits, applySpanEdit } = await import(dist('store/rollup-earnings.js'));
  const { hourEnergyOfReadings, readingsOfRollups } = await import(dist('rollups/energy.js'));
  const id = rows[0].device_id;
  const hours = new Map(rows.map((r) => [r.hour_ms, { device_id: id, ...activityOf(r) }]));
  for (const e of hourEnergyOfReadings(id, readingsOfRollups(rows), startMs, endMs)) {
    const h = hours.get(e.hour_ms);
    Object.assign(h, {
      measured_mwh: e.measured_mwh,
      interpolated_mwh: e.interpolated_mwh,
      known_ms: e.known_ms,
    });
  }
  const edits = planSpanEdits([], [], [], [], [...hours.values()]);
  return edits.map((e) => [e.device_id, e.span_ms, applySpanEdit(null, e)]).filter((x) => x[2] !== null);
}

/** True when `file` was built before earnings hours existed (it is then rebuilt). */
function lacksEarningsHours(file) {
  const db = new Database(file, { readonly: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'earnings_hours'").get();
    return !table || !db.prepare('SELECT 1 FROM earnings_hours LIMIT 1').get();
  } finally {
    db.close();
  }
}

/**
 * Creates `file` (if missing) through the hub's own store (migrations, reward and price writes), then
 * bulk-inserts hour rollups in the hub's row format (`rollupData`; skipped with `hourRows: false`) and
 * earnings hours packed by the hub's own span encoder.
 */
export async function fill(file, { devices, startMs, endMs, perAccount, hub, hourRows = true }) {
  if (existsSync(file) && !lacksEarningsHours(file)) return false;
  rmSync(file, { force: true });
  mkdirSync(hub.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  rmSync(tmp, { force: true });
  const store = hub.openSqliteStore(tmp);
  const rand = prng(devices);
  const prices = [];
  for (let t = startMs; t < endMs + 2 * HOUR; t += HOUR)
    prices.push({
      token: 'HNT',
      currency: 'usd',
      ts: t + 120_000,
      price: (3 + rand() * 2).toFixed(6),
      source: 'bench',
    });
  await store.upsertPrices(prices);
  const accounts = Math.ceil(devices / perAccount);
  for (let a = 0; a < accounts; a++) {
    const account = `acct${a}`;
    await store.addRewardAccount({ source: 'helium', account }, startMs);
    const events = [];
    for (let i = a * perAccount; i < Math.min(devices, (a + 1) * perAccount); i++) {
      await store.linkRewardAccountDevice('helium', account, deviceId(i));
      for (let d = startMs; d < endMs; d += 24 * HOUR)
        events.push({
          key: `${deviceId(i)}-${d}`,
          network: 'helium',
          account,
          token: 'HNT',
          amount: String(Math.floor(rand() * 5e8)),
          ts: d + 10 * HOUR + Math.floor(rand() * HOUR),
          kind: 'reward',
          ref: `${deviceId(i)}-${d}`,
        });
    }
    events.sort((x, y) => x.ts - y.ts);
    await store.saveRewardBatch('helium', account, events, `c${a}`, { nowMs: endMs, intervalMs: 900_000 });
  }
  await store.close();
  const db = new Database(tmp);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO hour_rollups (device_id, hour_ms, data) VALUES (?, ?, ?)');
  const insertSpan = db.prepare('INSERT INTO earnings_hours (device_id, span_ms, data) VALUES (?, ?, ?)');
  const insertMany = db.transaction((rows, spans) => {
    if (hourRows) for (const r of rows) insert.run(r.device_id, r.hour_ms, hub.rollupData(r));
    for (const s of spans) insertSpan.run(s[0], s[1], s[2]);
  });
  for (let i = 0; i < devices; i++) {
    const rows = hourObjects(i, startMs, endMs);
    insertMany(rows, await earningsSpans(rows, startMs, endMs));
  }
  db.exec('DELETE FROM rollup_dirty');
  db.exec('DELETE FROM earnings_backfill');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(tmp, file);
  rmSync(`${tmp}-wal`, { force: true });
  rmSync(`${tmp}-shm`, { force: true });
  return true;
}
