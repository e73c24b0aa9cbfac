import { readFileSync } from 'node:fs';
import type { Gpu, Meta, RaspberryPi, Sample } from '@nodetally/shared';
import {
  decodeThrottled,
  parseGetThrottled,
} from '../../../../agent/src/collectors/raspberry-pi/throttled.js';
import type { DeviceInput } from '../types.js';

export const T0 = Date.UTC(2026, 2, 5, 12, 0, 0);
export const MIN = 60_000;

const agentTestdata = (path: string) => new URL(`../../../../agent/src/collectors/${path}`, import.meta.url);

/** The RTX 3080 as the agent's nvidia-smi parser read it from a captured `nvidia-smi -q -x`. */
export function rtx3080(over: Partial<Gpu> = {}): Gpu {
  const parsed = JSON.parse(
    readFileSync(
      agentTestdata('nvidia-smi/testdata/nvidia-smi-q-x-rtx3080-drv595-v13.expected.json'),
      'utf8',
    ),
  ) as { gpus: Gpu[] };
  return { ...(parsed.gpus[0] as Gpu), ...over };
}

/** A Pi 4's `pi` fields from a captured `vcgencmd get_throttled` output file. */
export function piFrom(file: string, over: Partial<RaspberryPi> = {}): RaspberryPi {
  const raw = readFileSync(agentTestdata(`raspberry-pi/testdata/${file}`), 'utf8');
  return {
    model: 'Raspberry Pi 4 Model B Rev 1.4',
    soc_temp_c: 51.1,
    ...decodeThrottled(parseGetThrottled(raw)),
    ...over,
  };
}

/** A Sample as the agent sends it: a Linux box with one disk and two interfaces. */
export function sample(device_id: string, seq: number, ts: number, over: Partial<Sample> = {}): Sample {
  return {
    v: 1,
    device_id,
    seq,
    ts,
    boot_id: '6f1c2a8e-5d0b-4f43-9a57-0c1d2e3f4a5b',
    uptime_s: 86_400 + (ts - T0) / 1000,
    cpu_load_pct: 23.5,
    load_avg_1m: 0.82,
    load_avg_5m: 0.74,
    load_avg_15m: 0.7,
    mem_total_bytes: 16_712_585_216,
    mem_used_bytes: 5_368_709_120,
    mem_available_bytes: 11_343_876_096,
    swap_total_bytes: 2_147_479_552,
    swap_used_bytes: 0,
    cpu_temp_c: 48,
    disks: [{ mount: '/', fs: 'ext4', size_bytes: 490_577_010_688, used_bytes: 120_259_084_288 }],
    net: [
      { iface: 'lo', rx_bytes_total: 1_204_224, tx_bytes_total: 1_204_224 },
      { iface: 'eth0', rx_bytes_total: 9_812_345_678, tx_bytes_total: 2_345_678_901 },
    ],
    outbox_pending: 0,
    outbox_dropped_total: 0,
    ...over,
  };
}

export const meta = (device_id: string, interval_s = 60): Meta => ({
  v: 1,
  device_id,
  ts: T0 - 3600_000,
  hostname: device_id,
  os: 'Debian GNU/Linux 12 (bookworm)',
  kernel: '6.1.0-18-amd64',
  arch: 'x64',
  cpu_model: 'AMD Ryzen 7 5700G',
  cpu_cores: 16,
  mem_total_bytes: 16_712_585_216,
  agent_version: '0.1.0',
  interval_s,
  metered_iface: 'eth0',
});

/** Samples every minute from `from` to `to` (inclusive), each adjusted by `at`. */
export function series(
  device_id: string,
  from: number,
  to: number,
  at: (ts: number, i: number) => Partial<Sample> = () => ({}),
): Sample[] {
  const out: Sample[] = [];
  for (let ts = from, i = 0; ts <= to; ts += MIN, i++) out.push(sample(device_id, i + 1, ts, at(ts, i)));
  return out;
}

export function device(device_id: string, over: Partial<DeviceInput> = {}): DeviceInput {
  return {
    device_id,
    name: null,
    site: null,
    state: 'online',
    last_seen_ms: T0,
    meta: meta(device_id),
    recent: [],
    ...over,
  };
}
