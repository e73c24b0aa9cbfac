import { readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRecords } from '../../agent/src/outbox/codec.js';
import { listSegments } from '../../agent/src/outbox/files.js';
import { stopAll } from '../support/processes.js';
import { createFleet, oneTo, stopAndCheckExactlyOnce } from './fleet.js';

describe('fault: the outbox loses the tail of its newest record (power cut mid-append)', () => {
  afterAll(stopAll);

  it('cuts the torn record, reuses its seq for the next sample, and the hub holds 1..N exactly', async () => {
    const fleet = await createFleet('fault-torn');
    await fleet.startHub();
    fleet.startAgent();
    await fleet.waitStored(3, 20_000);

    // Hub down, so the newest records stay pending (never published), then the agent dies hard.
    await fleet.killHub();
    await sleep(4_000);
    await fleet.killAgent();
    const storedBefore = fleet.storedMax();
    const newest = listSegments(fleet.outboxDir).at(-1);
    expect(newest).toBeDefined();
    const path = (newest as { path: string }).path;
    const before = decodeRecords(readFileSync(path)).records;
    const torn = before.at(-1) as { seq: number; payload: Buffer };
    expect(torn.seq).toBeGreaterThan(storedBefore + 2);
    expect(fleet.lastSeqHandedOut()).toBe(torn.seq);

    truncateSync(path, statSync(path).size - 5);
    // What a restarted agent will see: the torn record is gone, everything before it is intact.
    expect(fleet.lastSeqHandedOut()).toBe(torn.seq - 1);
    expect(decodeRecords(readFileSync(path)).records.map((r) => r.seq)).toEqual(
      before.slice(0, -1).map((r) => r.seq),
    );

    await fleet.startHub();
    const restartedAt = Date.now();
    const agent = fleet.startAgent();
    await fleet.waitStored(torn.seq + 2, 30_000);
    expect(agent.output()).toContain('torn record cut');

    const { n, seqs } = await stopAndCheckExactlyOnce(fleet);
    expect(seqs, fleet.output()).toEqual(oneTo(n));

    // The seq of the torn record went to the first sample after the restart, not to the lost one.
    const db = new Database(join(fleet.dataDir, 'nodetally.db'), { readonly: true });
    const row = db
      .prepare('SELECT ts_ms, payload FROM samples WHERE device_id = ? AND seq = ?')
      .get(fleet.deviceId, torn.seq) as { ts_ms: number; payload: string };
    db.close();
    const tornTs = (JSON.parse(torn.payload.toString()) as { ts: number }).ts;
    expect(row.ts_ms).toBeGreaterThanOrEqual(restartedAt - 1_000);
    expect(row.ts_ms).toBeGreaterThan(tornTs);
    expect(row.payload).not.toBe(torn.payload.toString());
    expect(await fleet.hub?.stop()).toBe(0);
  }, 90_000);
});
