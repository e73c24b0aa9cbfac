import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { computeDays } from './compute.js';
import { DEFAULT_EARNINGS, earningsPlan } from './settings.js';

const DAY = Date.UTC(2024, 2, 9);
const HOUR = 3_600_000;

describe('the exact engine takes over beyond 2^53', () => {
  it('values an 18-decimal FIL reward (2.5 FIL = 2.5·10^18 base units) exactly, beside HNT', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-earn-fallback-')), 'nodetally.db'));
    const samples = [0, 1].map((k) => ({
      sample: validSample({ device_id: 'rig', seq: k + 1, ts: DAY + 10 * HOUR + k * 60_000 }) as Sample,
      receivedMs: DAY,
    }));
    await store.insertSamples(samples);
    for (const [source, token, amount] of [
      ['filecoin', 'FIL', '2500000000000000000'],
      ['helium', 'HNT', '150000000'],
    ] as const) {
      await store.addRewardAccount({ source, account: `w-${token}` }, 1);
      await store.linkRewardAccountDevice(source, `w-${token}`, 'rig');
      const event = {
        key: `${token}-1`,
        network: source,
        account: `w-${token}`,
        token,
        amount,
        ts: DAY + 12 * HOUR,
        kind: 'reward' as const,
        ref: `${token}-1`,
      };
      await store.saveRewardBatch(source, `w-${token}`, [event], 'c', { nowMs: 1, intervalMs: 900_000 });
    }
    await store.upsertPrices([
      { token: 'FIL', currency: 'usd', ts: DAY + 12 * HOUR + 60_000, price: '4.2', source: 'test' },
      { token: 'HNT', currency: 'usd', ts: DAY + 12 * HOUR + 60_000, price: '5.17', source: 'test' },
    ]);
    const plan = earningsPlan(DEFAULT_EARNINGS);
    const { days } = await computeDays(store, plan, '2024-03-09', '2024-03-09', null, DAY + 20 * HOUR);
    const day = days.get('rig')?.[0];
    // 2.5 FIL × $4.2 = $10.50; 1.5 HNT × $5.17 = $7.755; gross $18.255 = 18,255,000 µ$.
    expect(day?.tokens.map((t) => [t.token, t.amount, t.valueMicros])).toEqual([
      ['FIL', 2_500_000_000_000_000_000n, 10_500_000n],
      ['HNT', 150_000_000n, 7_755_000n],
    ]);
    expect(day?.grossMicros).toBe(18_255_000n);
    await store.close();
  });
});
