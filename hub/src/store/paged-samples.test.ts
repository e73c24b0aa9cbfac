import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '@nodetally/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { readAllSamples } from './paged-samples.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './types.js';

const T0 = Date.UTC(2026, 10, 20);
let store: Store;
afterEach(async () => store?.close());

/** 10,003 samples; seqs 9,999–10,003 share one millisecond, so the first 10,000-row page ends inside them. */
async function fill(): Promise<Sample[]> {
  store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-paged-')), 'hub.db'));
  const samples: Sample[] = [];
  for (let seq = 1; seq <= 10_003; seq++) {
    const ts = T0 + Math.min(seq, 9_999) * 1000;
    samples.push(validSample({ device_id: 'rig-1', seq, ts, uptime_s: 1000 + seq }) as Sample);
  }
  await store.insertSamples(samples.map((sample) => ({ sample, receivedMs: T0 })));
  return samples;
}

describe('readAllSamples', () => {
  it('reads past the page size without losing or repeating samples that share a millisecond', async () => {
    const samples = await fill();
    const read = await readAllSamples(store, 'rig-1', T0, T0 + 86_400_000);
    expect(read.map((s) => s.seq)).toEqual(samples.map((s) => s.seq));
  });

  it('keeps only the newest when asked, still in order', async () => {
    await fill();
    const read = await readAllSamples(store, 'rig-1', T0, T0 + 86_400_000, 5);
    expect(read.map((s) => s.seq)).toEqual([9_999, 10_000, 10_001, 10_002, 10_003]);
  });
});
