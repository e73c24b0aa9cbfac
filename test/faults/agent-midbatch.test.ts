import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../agent/src/outbox/outbox.js';
import { stopAll } from '../support/processes.js';
import { validSample } from '../support/sample.js';
import { getJson, waitFor } from '../support/wait.js';
import { createFleet, oneTo, stopAndCheckExactlyOnce } from './fleet.js';

const BACKLOG = 250;

describe('fault: the agent is killed -9 in the middle of replaying a backlog', () => {
  afterAll(stopAll);

  it('after a SIGKILL mid-burst and a restart, the hub holds 1..N exactly', async () => {
    const fleet = await createFleet('fault-burst');
    // A backlog as a long hub outage leaves it: valid samples, one a second, waiting in the outbox.
    const outbox = Outbox.open(fleet.outboxDir);
    const now = Date.now();
    for (let seq = 1; seq <= BACKLOG; seq++) {
      const sample = validSample({ device_id: fleet.deviceId, seq, ts: now - (BACKLOG - seq + 1) * 1_000 });
      outbox.append(seq, Buffer.from(JSON.stringify(sample)));
    }
    outbox.close();
    await fleet.startHub();

    const ingest = () => getJson<{ stored_total: number }>(`${fleet.base}/api/v1/ingest`, fleet.auth);
    fleet.startAgent();
    // Kill the agent as soon as the first samples of its replay are committed by the hub.
    await waitFor('replay to start', async () => (await ingest()).stored_total > 0, 20_000, 5);
    await fleet.killAgent();
    await sleep(500);
    const storedAtKill = fleet.storedMax();
    console.log(`[fault-burst] killed with ${storedAtKill} of ${BACKLOG} backlog samples stored`);
    expect(storedAtKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(BACKLOG);

    // A second burst, killed once a bit more has been stored.
    fleet.startAgent();
    await fleet.waitStored(storedAtKill + 1, 20_000);
    await fleet.killAgent();

    fleet.startAgent();
    await fleet.waitCaughtUp(30_000);
    await fleet.waitStored(fleet.lastSeqHandedOut() + 2, 20_000);
    const { n, seqs } = await stopAndCheckExactlyOnce(fleet);
    expect(n).toBeGreaterThan(BACKLOG + 2);
    expect(seqs, fleet.output()).toEqual(oneTo(n));
    expect(await fleet.hub?.stop()).toBe(0);
  }, 90_000);
});
