// Builds the dashboard benchmark's database: the earnings bench's synthetic fleet (hour rollups,
// reward accounts, rewards, prices: ../earnings/fill.mjs) plus what the fleet table reads: every
// device's latest sample and inventory (GPU rigs, Raspberry Pis, bandwidth boxes), some offline,
// some firing alerts, and 7 days of raw 60 s samples for a few devices.
import { deviceId, fill, prng } from '../earnings/fill.mjs';

const HOUR = 3_600_000;

const gpu = (index, util, watts) => ({
  vendor: 'nvidia',
  index,
  uuid: `GPU-${String(index).padStart(8, '0')}-5b7d-4c1e-9f0a-d2b8c6e4f10a`,
  name: 'NVIDIA GeForce RTX 4090',
  util_gpu_pct: util,
  util_mem_pct: 31,
  mem_used_bytes: 9_663_676_416,
  mem_total_bytes: 25_757_220_864,
  temp_c: 68,
  power_draw_w: watts,
  power_limit_w: 450,
  fan_pct: 55,
  pstate: 'P2',
  clock_sm_mhz: 2520,
  clock_mem_mhz: 10_501,
  mig_mode: null,
});

/** Device i's kind: every 5th a GPU rig, every 5th + 1 a bandwidth box, the rest Helium Pis. */
const kindOf = (i) => (i % 5 === 0 ? 'rig' : i % 5 === 1 ? 'box' : 'pi');
const hostnameOf = (i) => `${kindOf(i)}-${['fra', 'ams', 'waw', 'lis'][i % 4]}-${String(i).padStart(5, '0')}`;

export function sample(i, seq, ts, rand) {
  const kind = kindOf(i);
  const id = deviceId(i);
  const base = {
    v: 1,
    device_id: id,
    seq,
    ts,
    boot_id: `boot-${i}`,
    uptime_s: 86_400 + seq * 60,
    cpu_load_pct: Math.round(rand() * 1000) / 10,
    load_avg_1m: 0.79,
    load_avg_5m: 0.41,
    load_avg_15m: 0.2,
    mem_total_bytes: 16e9,
    mem_used_bytes: 4e9 + Math.floor(rand() * 4e9),
    mem_available_bytes: 8e9,
    swap_total_bytes: 0,
    swap_used_bytes: 0,
    cpu_temp_c: 50 + Math.round(rand() * 20),
    disks: [{ mount: '/', fs: 'ext4', size_bytes: 270_553_174_016, used_bytes: 24_166_113_280 }],
    net: [{ iface: 'eth0', rx_bytes_total: seq * 6_000_000, tx_bytes_total: seq * 600_000 }],
  };
  if (kind === 'rig') {
    const util = Math.floor(rand() * 100);
    return {
      ...base,
      gpus: [gpu(0, util, 380), gpu(1, util, 370)],
      power: { watts: 850, energy_wh_total: seq * 14, energy_epoch_id: `e-${i}`, parts: [] },
      workloads: [
        { network: 'render', running: true, source: 'process' },
        { network: 'io-net', running: true, source: 'container' },
      ],
    };
  }
  if (kind === 'box')
    return { ...base, workloads: [{ network: 'grass', running: true, source: 'container' }] };
  return { ...base, workloads: [{ network: 'helium', running: true, source: 'api' }] };
}

const meta = (i, now) => ({
  v: 1,
  device_id: deviceId(i),
  ts: now,
  hostname: hostnameOf(i),
  os: 'Debian GNU/Linux 12',
  kernel: '6.1.0',
  arch: kindOf(i) === 'pi' ? 'arm64' : 'x86_64',
  cpu_model: kindOf(i) === 'pi' ? 'Cortex-A72' : 'AMD Ryzen 9 7950X',
  cpu_cores: kindOf(i) === 'pi' ? 4 : 16,
  mem_total_bytes: 16e9,
  agent_version: '0.1.0',
  interval_s: 60,
});

const firing = (rule, device, now) => ({
  rule,
  device_id: device,
  subject: null,
  phase: 'firing',
  since: now,
  firedAt: now,
  notified: 'firing',
  lastSentMs: null,
  queuedAt: null,
  summary: `${rule} on ${device}`,
  severity: 'warning',
  name: null,
  site: null,
});

/**
 * A new latest sample for every device, seen within the last minute (a reused database's devices
 * would otherwise all be offline): seq grows with the clock.
 */
export async function refreshLatest(store, devices, now) {
  const rand = prng(11);
  const seq = 1_000_000 + Math.floor(now / 1000);
  for (let start = 0; start < devices; start += 2000) {
    const batch = [];
    for (let i = start; i < Math.min(devices, start + 2000); i++) {
      const ts = now - Math.floor(rand() * 50_000);
      batch.push({ sample: sample(i, seq, ts, rand), receivedMs: ts });
    }
    await store.insertSamples(batch);
  }
}

/** Creates the database at `file`; `rawDevices` get `rawDays` of 60 s samples up to now. */
export async function buildFleet(file, { devices, days, rawDevices, rawDays, now, hub }) {
  const endMs = Math.floor(now / HOUR) * HOUR;
  const startMs = endMs - days * 24 * HOUR;
  await fill(file, { devices, startMs, endMs, perAccount: 4, hub });
  const store = hub.openSqliteStore(file);
  const rand = prng(7);
  const batch = [];
  const flush = async () => {
    await store.insertSamples(batch.splice(0));
  };
  await refreshLatest(store, devices, now);
  for (let i = 0; i < devices; i++) {
    await store.upsertMeta(meta(i, now), now);
    // 2 % said goodbye (Last Will): offline.
    if (i % 50 === 7) await store.setStatus(deviceId(i), 'offline', now);
  }
  for (let r = 0; r < rawDevices; r++) {
    const i = r * 5; // rigs: GPUs and power in every sample
    for (let ts = now - rawDays * 24 * HOUR, seq = 1; ts < now; ts += 60_000, seq++) {
      batch.push({ sample: sample(i, seq, ts, rand), receivedMs: ts });
      if (batch.length >= 2000) await flush();
    }
  }
  await flush();
  const entries = {};
  for (let i = 3; i < devices; i += 40)
    entries[`offline|${deviceId(i)}|`] = firing('offline', deviceId(i), now);
  await store.saveAlertState({ v: 1, entries, silences: [] }, now);
  await store.close();
  return { startMs, endMs, firing_alerts: Object.keys(entries).length };
}

const money = (net) => ({
  gross: (net + 1.5).toFixed(6),
  energy: '1.000000',
  fixed: '0.500000',
  net: net.toFixed(6),
});

/** The earnings snapshot's shape with made-up money (BENCH_EARNINGS=static). */
export function staticSnapshot(devices, now) {
  const rand = prng(3);
  const day = new Date(now).toISOString().slice(0, 10);
  return {
    computed_ms: now,
    currency: 'USD',
    today: day,
    totals: { today: money(devices * 2), month_to_date: money(devices * 40) },
    devices: Array.from({ length: devices }, (_, i) => ({
      device_id: deviceId(i),
      today: money(rand() * 10 - 2),
      month_to_date: money(rand() * 200 - 20),
      projected_month_net: (rand() * 300).toFixed(6),
      net_by_day: Array.from({ length: 14 }, (_, d) => ({ day: `d${d}`, net: (rand() * 10).toFixed(6) })),
      uptime_pct_7d: Math.round(rand() * 1000) / 10,
      flags: i % 10 === 0 ? ['unpriced-rewards'] : [],
      change: i % 3 === 0 ? { pct: '-38.00', summary: '−38%: price −22%, uptime −16%' } : null,
    })),
  };
}

/** An EarningsService that only hands out `snapshot`. */
export function staticService(snapshot, settings, earningsPlan) {
  return {
    snapshot: () => snapshot,
    refresh: async () => snapshot,
    onSnapshot: () => () => {},
    settings: () => settings,
    plan: () => earningsPlan(settings),
    updateSettings: async () => {},
    settingsInfo: async () => ({ settings, sources: {}, revision: null, saved_ms: null }),
    stop: async () => {},
  };
}
