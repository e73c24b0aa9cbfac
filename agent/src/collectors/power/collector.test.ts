import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gpu } from '@nodetally/shared';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildSample, Sampler } from '../../sampler.js';
import { type Collector, CollectorFailure } from '../types.js';
import { createPowerCollector, gpuPart } from './index.js';

/** One package zone as /sys/class/powercap shows it; call again to move the counter. */
function setPackageEnergy(root: string, energyUj: number): void {
  mkdirSync(join(root, 'intel-rapl:0'), { recursive: true });
  writeFileSync(join(root, 'intel-rapl:0', 'name'), 'package-0\n');
  writeFileSync(join(root, 'intel-rapl:0', 'max_energy_range_uj'), '262143328850\n');
  writeFileSync(join(root, 'intel-rapl:0', 'energy_uj'), `${energyUj}\n`);
}

const gpu = (power_draw_w: number | null): Gpu => ({
  vendor: 'nvidia',
  index: 0,
  uuid: 'GPU-00000000-0000-0000-0000-000000000000',
  name: 'NVIDIA H100 80GB HBM3',
  util_gpu_pct: null,
  util_mem_pct: null,
  mem_used_bytes: null,
  mem_total_bytes: null,
  temp_c: null,
  power_draw_w,
  power_limit_w: null,
  fan_pct: null,
  pstate: null,
  clock_sm_mhz: null,
  clock_mem_mhz: null,
  mig_mode: null,
});

describe('gpuPart', () => {
  it('sums GPU draw; measured only when every GPU had a reading', () => {
    expect(gpuPart(undefined)).toBeNull();
    expect(gpuPart([])).toEqual({ source: 'gpu', watts: null, measured: false });
    expect(gpuPart([gpu(433.78), gpu(69.85)])).toEqual({ source: 'gpu', watts: 503.63, measured: true });
    expect(gpuPart([gpu(433.78), gpu(null)])).toEqual({ source: 'gpu', watts: 433.78, measured: false });
  });
});

describe('power collector', () => {
  it('adds GPU draw, RAPL package power and the base load, and integrates energy', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nt-powercap-'));
    let clock = 1_700_000_000_000;
    setPackageEnergy(root, 74_560_923_418);
    const power = createPowerCollector({ baseW: 5, powercapRoot: root, intervalS: 15, now: () => clock });
    expect(await power.probe()).toEqual({ ok: true });

    clock += 15_000;
    setPackageEnergy(root, 74_560_923_418 + 450_000_000); // 450 J in 15 s: 30 W
    const first = (await power.derive?.({ gpus: [gpu(69.85)] }))?.power;
    expect(first).toMatchObject({
      watts: 104.85,
      energy_wh_total: 0,
      parts: [
        { source: 'gpu', watts: 69.85, measured: true },
        { source: 'rapl', watts: 30, measured: true },
        { source: 'configured', watts: 5, measured: false },
      ],
    });

    clock += 36_000;
    setPackageEnergy(root, 74_560_923_418 + 450_000_000 + 1_080_000_000); // 30 W again
    const second = (await power.derive?.({ gpus: [gpu(69.85)] }))?.power;
    // 104.85 W for 36 s = 1.0485 Wh, in the same epoch.
    expect(second?.energy_wh_total).toBeCloseTo(1.0485, 6);
    expect(second?.energy_epoch_id).toBe(first?.energy_epoch_id);
  });

  it('a new agent start is a new energy epoch', async () => {
    const options = { baseW: 0, powercapRoot: '/nonexistent', intervalS: 15 };
    const a = (await createPowerCollector(options).derive?.({}))?.power;
    const b = (await createPowerCollector(options).derive?.({}))?.power;
    expect(a).toMatchObject({ watts: null, energy_wh_total: 0, parts: [] });
    expect(a?.energy_epoch_id).not.toBe(b?.energy_epoch_id);
  });

  it('does not integrate across a gap longer than three intervals', async () => {
    let clock = 0;
    const power = createPowerCollector({
      baseW: 10,
      powercapRoot: '/nonexistent',
      intervalS: 60,
      now: () => clock,
    });
    await power.derive?.({});
    clock += 181_000;
    expect((await power.derive?.({}))?.power?.energy_wh_total).toBe(0);
    clock += 180_000;
    expect((await power.derive?.({}))?.power?.energy_wh_total).toBe(0.5);
  });
});

describe('Sampler with derive', () => {
  const log = pino({ level: 'silent' });
  const fixed = (id: string, fields: object): Collector => ({
    id,
    probe: async () => ({ ok: true }),
    collect: async () => fields,
  });

  it('runs derive after every collect, joins GPU lists and keeps a failing collector’s fields', async () => {
    const failing: Collector = {
      id: 'rocm-smi',
      probe: async () => ({ ok: true }),
      collect: async () => {
        throw new CollectorFailure('rocm-smi exited with 1', { gpus: [] });
      },
    };
    const power = createPowerCollector({ baseW: 0, powercapRoot: '/nonexistent', intervalS: 15 });
    // The power collector is listed first: derive still sees the GPUs.
    const sampler = new Sampler([power, fixed('nvidia-smi', { gpus: [gpu(100)] }), failing], log);
    await sampler.probe();
    const fields = await sampler.collect();
    expect(fields.gpus).toHaveLength(1);
    expect(fields.power).toMatchObject({
      watts: 100,
      parts: [{ source: 'gpu', watts: 100, measured: true }],
    });
  });

  it('a derive that throws costs only its own field, logged once', async () => {
    const errors: unknown[] = [];
    const counting = pino({ level: 'error' }, { write: (line: string) => errors.push(line) });
    const broken: Collector = {
      ...fixed('power', {}),
      derive: async () => {
        throw new Error('boom');
      },
    };
    const sampler = new Sampler([fixed('nvidia-smi', { gpus: [gpu(1)] }), broken], counting);
    await sampler.probe();
    expect(await sampler.collect()).toEqual({ gpus: [gpu(1)] });
    await sampler.collect();
    expect(errors).toHaveLength(1);
  });

  it('the assembled sample validates against the shared schema', async () => {
    const power = createPowerCollector({ baseW: 5, powercapRoot: '/nonexistent', intervalS: 15 });
    const sampler = new Sampler([fixed('nvidia-smi', { gpus: [gpu(69.85)] }), power], log);
    await sampler.probe();
    const fields = await sampler.collect();
    const base = {
      boot_id: 'b',
      uptime_s: 1,
      cpu_load_pct: null,
      load_avg_1m: null,
      load_avg_5m: null,
      load_avg_15m: null,
      mem_total_bytes: 1,
      mem_used_bytes: 1,
      mem_available_bytes: 0,
      swap_total_bytes: 0,
      swap_used_bytes: 0,
      disks: [],
      net: [],
    };
    const built = buildSample({ ...base, ...fields }, 'rig-1', 1, 1_700_000_000_000);
    expect(built.ok, built.ok ? '' : built.detail).toBe(true);
  });
});
