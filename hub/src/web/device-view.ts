import type { DeviceRecord } from '../store/types.js';

export type DeviceState = 'online' | 'offline' | 'unknown';

/**
 * A retained Last Will is not sent when the broker itself dies, so "online" also requires a
 * sample within `offlineAfterIntervals` of the device's own interval.
 */
export function deviceState(device: DeviceRecord, now: number, offlineAfterIntervals: number): DeviceState {
  const intervalMs = (device.meta?.interval_s ?? 60) * 1000;
  const stale = now - device.last_seen_ms > offlineAfterIntervals * intervalMs;
  if (device.status === 'offline' || (stale && device.latest)) return 'offline';
  if (!device.latest) return device.status;
  return 'online';
}

export function toDeviceView(device: DeviceRecord, now: number, offlineAfterIntervals: number) {
  return {
    device_id: device.device_id,
    name: device.name,
    state: deviceState(device, now, offlineAfterIntervals),
    first_seen_ms: device.first_seen_ms,
    last_seen_ms: device.last_seen_ms,
    last_seq: device.last_seq,
    meta: device.meta,
    latest: device.latest,
  };
}

export type DeviceView = ReturnType<typeof toDeviceView>;
