import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeviceRecord } from '../../store/types.js';
import { type DeviceState, deviceState } from '../device-view.js';

const STATES: readonly DeviceState[] = ['online', 'offline', 'unknown'];

/**
 * Per-device series from each device's latest stored sample. Labels: `device_id` (one per enrolled
 * device) and `gpu` (the vendor tool's index, at most 64 per device by the Sample schema). Readings
 * of a device that is not online are left out rather than repeated as if current: only
 * `online`, `last_seen` and `info` stay for it.
 */
export function registerDeviceMetrics(registry: Registry) {
  const gauge = (name: string, help: string, labelNames: readonly string[] = ['device_id']) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const g = {
    byState: gauge('nodetally_devices', 'Devices by state (online, offline, unknown).', ['state']),
    info: gauge('nodetally_device_info', 'Always 1; the device name as a label.', ['device_id', 'name']),
    online: gauge('nodetally_device_online', '1 when the device is online, else 0.'),
    lastSeen: gauge('nodetally_device_last_seen_timestamp_seconds', 'When the device last sent a sample.'),
    uptime: gauge('nodetally_device_uptime_seconds', 'Seconds since the device booted.'),
    cpu: gauge('nodetally_device_cpu_load_ratio', 'CPU busy share over the last interval (0–1).'),
    cpuTemp: gauge('nodetally_device_cpu_temperature_celsius', 'CPU temperature.'),
    memUsed: gauge('nodetally_device_memory_used_bytes', 'Memory in use.'),
    memTotal: gauge('nodetally_device_memory_total_bytes', 'Memory installed.'),
    power: gauge('nodetally_device_power_watts', 'Device power draw (measured or configured).'),
    outboxPending: gauge('nodetally_device_outbox_pending', 'Samples the agent holds unacknowledged.'),
    gpuUtil: gauge('nodetally_device_gpu_utilization_ratio', 'GPU utilization (0–1).', ['device_id', 'gpu']),
    gpuTemp: gauge('nodetally_device_gpu_temperature_celsius', 'GPU temperature.', ['device_id', 'gpu']),
    gpuPower: gauge('nodetally_device_gpu_power_watts', 'GPU power draw.', ['device_id', 'gpu']),
    gpuMem: gauge('nodetally_device_gpu_memory_used_bytes', 'GPU memory in use.', ['device_id', 'gpu']),
  };
  // The agent's own cumulative count (since its outbox was created), mirrored as a counter.
  const outboxDropped = new Counter({
    name: 'nodetally_device_outbox_dropped_total',
    help: 'Samples the agent dropped from a full outbox, as the device last reported.',
    labelNames: ['device_id'],
    registers: [registry],
  });

  return function update(devices: readonly DeviceRecord[], nowMs: number, offlineAfterIntervals: number) {
    for (const metric of Object.values(g)) metric.reset();
    outboxDropped.reset();
    const counts = new Map<DeviceState, number>(STATES.map((s) => [s, 0]));
    for (const device of devices) {
      const device_id = device.device_id;
      const state = deviceState(device, nowMs, offlineAfterIntervals);
      counts.set(state, (counts.get(state) ?? 0) + 1);
      const set = (metric: Gauge, value: number | null | undefined, labels: Record<string, string> = {}) => {
        if (value !== null && value !== undefined) metric.set({ device_id, ...labels }, value);
      };
      set(g.info, 1, { name: device.name ?? '' });
      set(g.online, state === 'online' ? 1 : 0);
      set(g.lastSeen, device.last_seen_ms / 1000);
      const latest = device.latest;
      if (latest?.outbox_dropped_total !== undefined)
        outboxDropped.inc({ device_id }, latest.outbox_dropped_total);
      if (state !== 'online' || !latest) continue;
      set(g.uptime, latest.uptime_s);
      set(g.cpu, latest.cpu_load_pct === null ? null : latest.cpu_load_pct / 100);
      set(g.cpuTemp, latest.cpu_temp_c);
      set(g.memUsed, latest.mem_used_bytes);
      set(g.memTotal, latest.mem_total_bytes);
      set(g.power, latest.power?.watts);
      set(g.outboxPending, latest.outbox_pending);
      for (const gpu of latest.gpus ?? []) {
        const labels = { gpu: String(gpu.index) };
        set(g.gpuUtil, gpu.util_gpu_pct === null ? null : gpu.util_gpu_pct / 100, labels);
        set(g.gpuTemp, gpu.temp_c, labels);
        set(g.gpuPower, gpu.power_draw_w, labels);
        set(g.gpuMem, gpu.mem_used_bytes, labels);
      }
    }
    for (const [state, n] of counts) g.byState.set({ state }, n);
  };
}
