import type { Meta, Sample } from '@nodetally/shared';
import type { Store } from '../../hub/src/store/types.js';
import { validSample } from '../support/sample.js';

/**
 * Three days of realistic telemetry, rewards and prices for two machines, written into a real store:
 * `gpu-rig` (two RTX 4090s rendering for Render, ~420 W, paid in RENDER every 6 h) and `pi-hotspot`
 * (a Raspberry Pi beside a Helium hotspot, 7 W, a small HNT reward a day).
 */
const STEP_MS = 5 * 60_000;
const DAYS = 3;

const gpu = (index: number, util: number, temp: number, watts: number) => ({
  vendor: 'nvidia' as const,
  index,
  uuid: `GPU-5f1c2a7e-0000-4000-8000-00000000000${index}`,
  name: 'NVIDIA GeForce RTX 4090',
  util_gpu_pct: util,
  util_mem_pct: Math.round(util * 0.6),
  mem_used_bytes: 18_000_000_000,
  mem_total_bytes: 25_757_220_864,
  temp_c: temp,
  power_draw_w: watts,
  power_limit_w: 450,
  fan_pct: 55,
  pstate: 'P2',
  clock_sm_mhz: 2520,
  clock_mem_mhz: 10_501,
  mig_mode: null,
});

const meta = (deviceId: string, hostname: string, cpu: string, cores: number): Meta => ({
  v: 1,
  device_id: deviceId,
  ts: Date.now(),
  hostname,
  os: 'Ubuntu 22.04.4 LTS',
  kernel: '6.5.0-35-generic',
  arch: cores > 4 ? 'x64' : 'arm64',
  cpu_model: cpu,
  cpu_cores: cores,
  mem_total_bytes: cores > 4 ? 68_719_476_736 : 4_000_000_000,
  agent_version: '0.1.0',
  interval_s: 300,
});

function samples(deviceId: string, now: number, gpus: number, baseW: number) {
  const start = now - DAYS * 86_400_000;
  const batch = [];
  let energyWh = 0;
  let rx = 10_000_000;
  let tx = 2_000_000;
  for (let i = 0; start + i * STEP_MS <= now; i++) {
    const ts = start + i * STEP_MS;
    const wave = (Math.sin(i / 20) + 1) / 2; // a slow rise and fall of the workload
    const util = gpus ? Math.round(55 + 40 * wave) : 0;
    const gpuWatts = gpus ? Math.round(120 + 250 * wave) : 0;
    const watts = baseW + gpus * gpuWatts;
    energyWh += (watts * STEP_MS) / 3_600_000;
    rx += Math.round(1_500_000 + 800_000 * wave) * 300;
    tx += Math.round(400_000 + 300_000 * wave) * 300;
    const s = validSample({
      device_id: deviceId,
      seq: i + 1,
      ts,
      boot_id: `${deviceId}-boot-1`,
      uptime_s: 50_000 + i * 300,
      cpu_load_pct: Math.round(10 + 30 * wave),
      mem_used_bytes: 8_000_000_000 + Math.round(wave * 4_000_000_000),
      cpu_temp_c: 45 + Math.round(15 * wave),
      net: [{ iface: 'eth0', rx_bytes_total: rx, tx_bytes_total: tx }],
      power: {
        watts,
        energy_wh_total: Math.round(energyWh * 1000) / 1000,
        energy_epoch_id: `${deviceId}-epoch-1`,
        parts: [{ source: gpus ? 'gpu' : 'configured', watts, measured: gpus > 0 }],
      },
      ...(gpus
        ? { gpus: Array.from({ length: gpus }, (_, g) => gpu(g, util - g * 5, 60 + 15 * wave + g, gpuWatts)) }
        : {}),
    }) as Sample;
    batch.push({ sample: s, receivedMs: ts });
  }
  return batch;
}

/** A base58-looking Solana signature (88 chars), unique per seed. */
const signature = (seed: number) => {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let x = seed * 2_654_435_761;
  let out = '';
  for (let i = 0; i < 88; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    out += alphabet[x % alphabet.length];
  }
  return out;
};

export async function seedFleet(store: Store, now = Date.now()): Promise<void> {
  await store.insertSamples(samples('gpu-rig', now, 2, 80));
  await store.insertSamples(samples('pi-hotspot', now, 0, 7));
  await store.upsertMeta(meta('gpu-rig', 'gpu-rig', 'AMD Ryzen 9 7950X', 16), now);
  await store.upsertMeta(meta('pi-hotspot', 'pi-hotspot', 'Cortex-A72', 4), now);

  const render = 'Fq4nRkz6VfQnKc8G3GQ7nVgYbqJ9d2xW4tZ1mHhPaLsE';
  const hotspot = '11sctWiP9r2wDy5FwLjbkPfzFGt3Ni5ZJyk8bRhWeA6bg4Ti3Y9';
  await store.addRewardAccount({ source: 'solana-spl/render', account: render, label: 'render wallet' }, now);
  await store.linkRewardAccountDevice('solana-spl/render', render, 'gpu-rig');
  await store.addRewardAccount({ source: 'helium', account: hotspot, label: 'garage hotspot' }, now);
  await store.linkRewardAccountDevice('helium', hotspot, 'pi-hotspot');

  const mark = { nowMs: now, intervalMs: 3_600_000 };
  const renderEvents = [];
  const prices = [];
  for (let h = DAYS * 24; h >= 0; h--) {
    const ts = Math.floor((now - h * 3_600_000) / 3_600_000) * 3_600_000;
    prices.push({
      token: 'RENDER',
      currency: 'usd',
      ts,
      price: (7 + 0.2 * Math.sin(h / 7)).toFixed(4),
      source: 'test',
    });
    prices.push({
      token: 'HNT',
      currency: 'usd',
      ts,
      price: (4.1 + 0.1 * Math.cos(h / 9)).toFixed(4),
      source: 'test',
    });
    if (h % 6 === 0 && h > 0)
      renderEvents.push({
        key: `render:${h}`,
        network: 'render',
        account: render,
        token: 'RENDER',
        amount: String(90_000_000 + h * 1_000_000), // ~0.9–1.6 RENDER every 6 hours
        ts: ts + 600_000,
        kind: 'reward' as const,
        ref: signature(h),
      });
  }
  await store.upsertPrices(prices);
  await store.saveRewardBatch('solana-spl/render', render, renderEvents, 'c-render', mark);
  const hntEvents = Array.from({ length: DAYS }, (_, d) => ({
    key: `helium:${d}`,
    network: 'helium',
    account: hotspot,
    token: 'HNT',
    amount: String(1_500_000 + d * 200_000), // ~0.015 HNT a day
    ts: Math.floor((now - (d + 1) * 86_400_000) / 3_600_000) * 3_600_000 + 1_800_000,
    kind: 'reward' as const,
    ref: signature(1000 + d),
  }));
  await store.saveRewardBatch('helium', hotspot, hntEvents, 'c-helium', mark);
}
