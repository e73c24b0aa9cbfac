import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { startEarnings } from '../earnings-service/service.js';
import { DEFAULT_EARNINGS } from '../earnings-service/settings.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { IncomingSample } from '../store/types.js';
import { EarningsFeed } from './earnings-inputs.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2024, 3, 20, 12);
const FROM = NOW - 40 * DAY;

/** A sample every hour for 40 days; rig-2 goes quiet (no energy growth, uptime frozen) for the last 3. */
function samples(device: string): IncomingSample[] {
  const out: IncomingSample[] = [];
  let uptime = 0;
  let wh = 0;
  for (let ts = FROM, seq = 1; ts <= NOW; ts += HOUR, seq++) {
    const down = device === 'rig-2' && ts > NOW - 3 * DAY;
    if (!down) {
      uptime += 3600;
      wh += 150;
    }
    const sample = validSample({
      device_id: device,
      seq,
      ts,
      boot_id: 'b',
      uptime_s: uptime,
      power: { watts: down ? 0 : 150, energy_wh_total: wh, energy_epoch_id: 'e', parts: [] },
    }) as Sample;
    out.push({ sample, receivedMs: ts });
  }
  return out;
}

describe('the alert feed reads the earnings service’s snapshot columns', () => {
  it('gives the figures its own recompute gives, without reading the store again', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-alert-feed-')), 'nodetally.db'));
    for (const d of ['rig-1', 'rig-2']) await store.insertSamples(samples(d));
    await store.addRewardAccount({ source: 'helium', account: 'w' }, 1);
    for (const d of ['rig-1', 'rig-2']) await store.linkRewardAccountDevice('helium', 'w', d);
    const events = Array.from({ length: 40 }, (_, k) => ({
      key: `w-${k}`,
      network: 'helium',
      account: 'w',
      token: 'HNT',
      amount: String(100_000_000 + k * 1_000_000),
      ts: FROM + k * DAY + 10 * HOUR,
      kind: 'reward' as const,
      ref: `w-${k}`,
    }));
    await store.saveRewardBatch('helium', 'w', events, 'c', { nowMs: 1, intervalMs: 900_000 });
    await store.upsertPrices(
      events.map((e) => ({ token: 'HNT', currency: 'usd', ts: e.ts, price: '4.5', source: 'test' })),
    );
    const config = {
      ...DEFAULT_EARNINGS,
      tariffs: [{ effectiveFrom: '2024-01-01', pricePerKwh: '0.30' }],
      rewardSplits: [{ account: 'w', rule: 'uptime' as const }],
      earningsRefreshS: 3600,
    };
    const service = startEarnings({ store, config, log: pino({ level: 'silent' }), now: () => NOW });
    await service.refresh();
    expect(service.fleetColumns()).not.toBeNull();
    const own = await new EarningsFeed({ settings: () => service.settings() }, () => 300_000).get(store, NOW);
    const shared = new EarningsFeed(service, () => 300_000);
    await service.stop();
    await store.close();
    // The store is closed: only the snapshot's columns can answer now.
    const got = await shared.get(store, NOW + 60_000);
    expect(got.get('rig-2')?.earnings).toBeDefined();
    expect(got.get('rig-1')?.earnings?.recent_micros_per_day).toBeGreaterThan(0n);
    expect(got).toEqual(own);
  });
});
