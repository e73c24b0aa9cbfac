import type { Sample } from '@nodetally/shared';
import type { DeviceRecord, Store } from '../store/types.js';
import type { AlertsConfig } from './config.js';
import type { BandwidthQuotaConfig } from './rules/bandwidth-quota.js';

interface Running {
  month: string;
  iface: string;
  /** Samples with ts below this are counted. */
  nextFromMs: number;
  prev: { boot: string; bytes: number } | null;
  bytes: number;
}

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const monthStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/**
 * Bytes (rx + tx) on each device's metered interface in the current UTC month, kept running in
 * memory: the first call of a month reads the month's samples once, later calls only the new ones.
 * Counters are cumulative per boot: a delta within one boot counts, after a reboot (new boot_id or
 * a lower counter) the new boot's counter counts from zero; the month's first sample is the base.
 */
export class MeteredTotals {
  private readonly running = new Map<string, Running>();

  async forDevice(store: Store, device: DeviceRecord, config: AlertsConfig, now: number) {
    const rule = (config.rules as Record<string, BandwidthQuotaConfig | undefined>)['bandwidth-quota'];
    const iface = device.meta?.metered_iface;
    const quota = rule?.perDevice[device.device_id] ?? rule?.quotaBytes;
    if (!rule?.enabled || !iface || quota === null || quota === undefined) return undefined;
    const month = monthOf(now);
    let r = this.running.get(device.device_id);
    if (!r || r.month !== month || r.iface !== iface) {
      r = { month, iface, nextFromMs: monthStart(now), prev: null, bytes: 0 };
      this.running.set(device.device_id, r);
    }
    const state = r;
    const to = now + 1;
    let from = state.nextFromMs;
    for (;;) {
      const page = await store.listSamples(device.device_id, from, to, 5_000);
      for (const s of page) count(state, s);
      const last = page.at(-1);
      if (page.length < 5_000 || !last) break;
      from = last.ts + 1;
    }
    state.nextFromMs = to;
    return { iface, month, bytes: state.bytes };
  }
}

function count(r: Running, s: Sample): void {
  const n = s.net.find((i) => i.iface === r.iface);
  if (!n) return;
  const bytes = n.rx_bytes_total + n.tx_bytes_total;
  if (r.prev && r.prev.boot === s.boot_id && bytes >= r.prev.bytes) r.bytes += bytes - r.prev.bytes;
  else if (r.prev) r.bytes += bytes;
  r.prev = { boot: s.boot_id, bytes };
}
