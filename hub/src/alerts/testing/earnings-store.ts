import type { Sample } from '@nodetally/shared';
import { validSample } from '../../../../test/support/sample.js';
import { addDays, dayKeyOf, dayStartMs } from '../../earnings/zone.js';
import type { Store } from '../../store/types.js';

const HOUR = 3_600_000;
const STEP = 12 * 60_000;
const HNT = 100_000_000n; // 8 decimals

/** A Debian x86-64 agent's sample (test/support/sample.ts) with growing byte counters, for earnings history. */
export const agentSample = (
  device: string,
  seq: number,
  ts: number,
  bootId: string,
  uptimeS: number,
): Sample =>
  validSample({
    device_id: device,
    seq,
    ts,
    boot_id: bootId,
    uptime_s: uptimeS,
    net: [{ iface: 'eth0', rx_bytes_total: 376_622_621 + seq * 1000, tx_bytes_total: 552_344 + seq * 100 }],
  }) as Sample;

export interface EarnerScenario {
  /** The last complete UTC day, the one that dropped. */
  day: string;
  /** A late payout for `day` arrives (the reward source caught up): net back above the median. */
  latePayout(into?: Store): Promise<void>;
}

/**
 * A Helium hotspot host `device` with 29 days of history before today (UTC): 28 days of 1 HNT at
 * $1.00 fully online (net $1.00/day), then yesterday 0.8 HNT at $0.75 while online only until 19:12
 * (a power cut, 80 %): −40 % against the median, from price and uptime. Samples every 12 min, real shape;
 * rewards on account `hotspot-<device>` linked to the device, each priced at its own hour.
 * `latePayout` adds 0.6 HNT for yesterday at $0.75: $1.05, no drop any more.
 */
export async function seedEarner(store: Store, device: string, nowMs: number): Promise<EarnerScenario> {
  const today = dayKeyOf(nowMs);
  const day = addDays(today, -1);
  const first = dayStartMs(addDays(day, -28));
  const cut = dayStartMs(day) + 19.2 * HOUR; // last sample of the day: 19:12, 80 % of it online
  const batch = [];
  let seq = 1;
  for (let ts = first; ts <= cut; ts += STEP, seq++)
    batch.push({ sample: agentSample(device, seq, ts, 'boot-a', 600 + (ts - first) / 1000), receivedMs: ts });
  await store.insertSamples(batch);
  const account = `hotspot-${device}`;
  await store.addRewardAccount({ source: 'helium', account }, first);
  await store.linkRewardAccountDevice('helium', account, device);
  type Event = { key: string; network: string; account: string; token: string; amount: string; ts: number };
  const events: Event[] = [];
  const prices = [];
  for (let k = 28; k >= 0; k--) {
    const d = addDays(day, -k);
    const ts = dayStartMs(d) + 12 * HOUR;
    const amount = k === 0 ? (HNT * 8n) / 10n : HNT;
    events.push({ key: `r-${d}`, network: 'helium', account, token: 'HNT', amount: String(amount), ts });
    prices.push({ token: 'HNT', currency: 'usd', ts, price: k === 0 ? '0.75' : '1.00', source: 'test' });
  }
  const mark = { nowMs, intervalMs: 15 * 60_000 };
  const save = (list: Event[], into = store) =>
    into.saveRewardBatch(
      'helium',
      account,
      list.map((e) => ({ ...e, kind: 'reward' as const, ref: e.key })),
      null,
      mark,
    );
  await save(events);
  await store.upsertPrices([
    ...prices,
    { token: 'HNT', currency: 'usd', ts: nowMs, price: '0.75', source: 'test' },
  ]);
  return {
    day,
    async latePayout(into = store) {
      const ts = dayStartMs(day) + 13 * HOUR;
      await into.upsertPrices([{ token: 'HNT', currency: 'usd', ts, price: '0.75', source: 'test' }]);
      const late = {
        key: `late-${day}`,
        network: 'helium',
        account,
        token: 'HNT',
        amount: String((HNT * 6n) / 10n),
        ts,
      };
      await save([late], into);
    },
  };
}
