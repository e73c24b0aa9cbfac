import type { Meta, Sample } from '@nodetally/shared';
import { validSample } from '../../../../../test/support/sample.js';

/** An RTX 4090 as nvidia-smi reports it through the agent. */
export const gpu = (index: number, util: number | null, temp: number, watts: number) => ({
  vendor: 'nvidia' as const,
  index,
  uuid: `GPU-3f1c${index}a2e-5b7d-4c1e-9f0a-${index}d2b8c6e4f10`,
  name: 'NVIDIA GeForce RTX 4090',
  util_gpu_pct: util,
  util_mem_pct: 31,
  mem_used_bytes: 9_663_676_416,
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

/** A GPU rig running Render and io.net, with measured power. */
export const rigSample = (deviceId: string, seq: number, ts: number, extra: Record<string, unknown> = {}) =>
  validSample({
    device_id: deviceId,
    seq,
    ts,
    cpu_load_pct: 41.5,
    cpu_temp_c: 63,
    gpus: [gpu(0, 97, 71, 402.3), gpu(1, 45, 44, 121.5)],
    power: { watts: 612.5, energy_wh_total: 1234.5 + seq, energy_epoch_id: 'e-1', parts: [] },
    workloads: [
      { network: 'render', running: true, source: 'process' },
      { network: 'io-net', running: true, source: 'container' },
    ],
    ...extra,
  }) as Sample;

/** A Raspberry Pi beside a Helium hotspot. */
export const piSample = (deviceId: string, seq: number, ts: number, extra: Record<string, unknown> = {}) =>
  validSample({
    device_id: deviceId,
    seq,
    ts,
    cpu_load_pct: 3.5,
    workloads: [{ network: 'helium', running: true, source: 'api' }],
    ...extra,
  }) as Sample;

export const meta = (deviceId: string, hostname: string, intervalS = 60): Meta => ({
  v: 1,
  device_id: deviceId,
  ts: Date.now(),
  hostname,
  os: 'Debian GNU/Linux 12',
  kernel: '6.1.0',
  arch: 'x86_64',
  cpu_model: 'AMD Ryzen 9 7950X',
  cpu_cores: 16,
  mem_total_bytes: 25_274_793_984,
  agent_version: '0.1.0',
  interval_s: intervalS,
});
