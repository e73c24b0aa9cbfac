import { isStale } from '../rewards/staleness.js';
import { readAllSamples } from '../store/paged-samples.js';
import type { SyncState } from '../store/reward-types.js';
import type { DeviceRecord, Store } from '../store/types.js';
import { deviceState } from '../web/device-view.js';
import { type AlertsConfig, siteOf } from './config.js';
import type { EarningsOfDevice } from './earnings-inputs.js';
import type { MeteredTotals } from './metered.js';
import type { DeviceInput } from './types.js';

/** At most this many samples per device reach the rules (the newest ones). */
const MAX_RECENT = 20_000;
/** A device clock slightly ahead of the hub's must not hide its latest sample. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Networks whose workload means a GPU should be busy. */
const GPU_NETWORKS = new Set(['render', 'io-net', 'nosana']);

/** A GPU workload is expected where the latest sample shows a GPU network's workload running. */
const gpuExpected = (d: DeviceRecord) =>
  (d.latest?.workloads ?? []).some((w) => w.running && GPU_NETWORKS.has(w.network));

function rewardSources(
  deviceId: string,
  links: Map<string, string[]>,
  syncs: readonly SyncState[],
  now: number,
) {
  const mine = links.get(deviceId) ?? [];
  return syncs
    .filter((s) => mine.includes(`${s.source}|${s.account}`))
    .map((s) => ({
      source: s.source,
      account: s.account,
      stale: isStale(s, now),
      last_success_ms: s.last_success_ms,
      last_error: s.last_error,
    }));
}

export interface InputOptions {
  config: AlertsConfig;
  offlineAfterIntervals: number;
  metered: MeteredTotals;
  /** Earnings figures and last payouts per device (earnings-inputs.ts); absent: those rules say "no data". */
  earnings?: ReadonlyMap<string, EarningsOfDevice>;
  now: number;
}

/**
 * What the rules read, per known device: state (web/device-view.ts), meta, the samples of the
 * lookback, reward sync states of its linked accounts, and its metered bytes this month where a
 * quota applies, its site (`sites`) and its earnings figures and payouts where computed.
 */
export async function buildDeviceInputs(store: Store, o: InputOptions): Promise<DeviceInput[]> {
  const [devices, accounts, syncs] = await Promise.all([
    store.listDevices(),
    store.listRewardAccounts(),
    store.listSyncStates(),
  ]);
  const links = new Map<string, string[]>();
  for (const a of accounts)
    for (const d of a.devices) links.set(d, [...(links.get(d) ?? []), `${a.source}|${a.account}`]);
  const sites = siteOf(o.config);
  const inputs: DeviceInput[] = [];
  for (const d of devices) {
    const known = d.latest !== null || d.meta !== null;
    const input: DeviceInput = {
      device_id: d.device_id,
      name: d.name,
      site: sites.get(d.device_id) ?? null,
      state: deviceState(d, o.now, o.offlineAfterIntervals),
      last_seen_ms: known ? d.last_seen_ms : null,
      meta: d.meta,
      recent: await readAllSamples(
        store,
        d.device_id,
        o.now - o.config.lookbackMs,
        o.now + CLOCK_SKEW_MS,
        MAX_RECENT,
      ),
      gpu_workload_expected: gpuExpected(d),
      reward_sources: rewardSources(d.device_id, links, syncs, o.now),
    };
    const money = o.earnings?.get(d.device_id);
    if (money?.earnings) input.earnings = money.earnings;
    if (money?.payouts) input.payouts = money.payouts;
    const metered = await o.metered.forDevice(store, d, o.config, o.now);
    if (metered) input.metered_month = metered;
    inputs.push(input);
  }
  return inputs;
}
