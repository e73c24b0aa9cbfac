import type { DeviceRecord, Store } from '../../store/types.js';
import { type DeviceEvent, type DeviceSummary, type HubEvents, summarizeSample } from '../events.js';
import { networkOfSource } from './source-network.js';

/** What the fleet table needs of one device, without its full sample (10k of those are megabytes). */
export interface FleetDeviceRow {
  device_id: string;
  name: string | null;
  /** Lower-case id, name and hostname: what `q` searches. */
  search: string;
  status: DeviceRecord['status'];
  last_seen_ms: number;
  interval_ms: number;
  has_sample: boolean;
  summary: DeviceSummary | null;
  /** Networks of the reward accounts linked to the device. */
  account_networks: string[];
  /** Workload networks of the latest sample and those of the linked accounts, sorted. */
  networks: string[];
}

const mergeNetworks = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();

/** Device id → networks of its linked reward accounts. */
async function accountNetworksByDevice(store: Store): Promise<Map<string, string[]>> {
  const byDevice = new Map<string, string[]>();
  for (const account of await store.listRewardAccounts()) {
    const network = networkOfSource(account.source);
    for (const id of account.devices) byDevice.set(id, mergeNetworks(byDevice.get(id) ?? [], [network]));
  }
  return byDevice;
}

function toRow(device: DeviceRecord, accountNetworks: ReadonlyMap<string, string[]>): FleetDeviceRow {
  const name = device.name ?? device.meta?.hostname ?? null;
  const networks = accountNetworks.get(device.device_id) ?? [];
  const summary = device.latest ? summarizeSample(device.latest) : null;
  return {
    device_id: device.device_id,
    name,
    search: [device.device_id, device.name, device.meta?.hostname].filter(Boolean).join('\n').toLowerCase(),
    status: device.status,
    last_seen_ms: device.last_seen_ms,
    interval_ms: (device.meta?.interval_s ?? 60) * 1000,
    has_sample: device.latest !== null,
    summary,
    account_networks: networks,
    networks: mergeNetworks(summary?.networks ?? [], networks),
  };
}

/**
 * The device list of the fleet API, kept in memory. Reading 10k devices with their latest samples
 * from the store takes tens of milliseconds (and blocks the event loop with better-sqlite3), so it
 * happens once every `refreshMs`, or on the next request after a device the list does not know
 * appears; in between, `device` events patch single rows.
 */
export class FleetDeviceRows {
  private rows: FleetDeviceRow[] | null = null;
  private byId = new Map<string, FleetDeviceRow>();
  private loadedMs = 0;
  private loading: Promise<FleetDeviceRow[]> | null = null;
  private unknownSeen = false;
  /** Changes whenever a row changes, for caches built on top (sorted orders). */
  version = 0;
  private readonly stopListening: () => void;

  constructor(
    private readonly store: Store,
    events: HubEvents | undefined,
    private readonly refreshMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.stopListening = events?.on('device', (e) => this.patch(e)) ?? (() => {});
  }

  private patch(event: DeviceEvent): void {
    const row = this.byId.get(event.device_id);
    if (!row) {
      this.unknownSeen = true;
      return;
    }
    // A sample event does not change the stored status (the status topic does), as in the store.
    if (event.latest) {
      row.summary = event.latest;
      row.networks = mergeNetworks(event.latest.networks, row.account_networks);
      row.has_sample = true;
      row.last_seen_ms = Math.max(row.last_seen_ms, event.last_seen_ms);
    } else row.status = event.status;
    this.version++;
  }

  /** The rows, reloading them when too old or when an unknown device reported. */
  async list(): Promise<FleetDeviceRow[]> {
    const stale = this.now() - this.loadedMs >= this.refreshMs;
    if (this.rows && !stale && !this.unknownSeen) return this.rows;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<FleetDeviceRow[]> {
    this.unknownSeen = false;
    const startedMs = this.now();
    const [devices, accountNetworks] = await Promise.all([
      this.store.listDevices(),
      accountNetworksByDevice(this.store),
    ]);
    const rows = devices.map((device) => toRow(device, accountNetworks));
    this.rows = rows;
    this.byId = new Map(rows.map((r) => [r.device_id, r]));
    this.loadedMs = startedMs;
    this.version++;
    return rows;
  }

  /**
   * Whether the device is known: in the list (a device that just reported is, after a reload), or
   * enrolled since the last reload. An unknown id never forces a reload of the whole list.
   */
  async has(deviceId: string): Promise<boolean> {
    await this.list();
    return this.byId.has(deviceId) || (await this.store.getCredential(deviceId)) !== null;
  }

  /** Reload on the next request (reward account links changed). */
  invalidate(): void {
    this.unknownSeen = true;
  }

  close(): void {
    this.stopListening();
  }
}
