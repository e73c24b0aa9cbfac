import type { Meta, Sample } from '@nodetally/shared';
import { rtx4090Gpu, validSample } from '../../../../../test/support/sample.js';

export const gpu = rtx4090Gpu;

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
