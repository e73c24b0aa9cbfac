import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { createFleet, type Fleet, oneTo, stopAndCheckExactlyOnce } from './fleet.js';

export const OUTAGE_MS = 20_000;
/** Reconnect backoff is exponential with full jitter, capped at 60 s: after a 20 s outage the agent may wait up to a minute. */
const CATCH_UP_MS = 80_000;

/**
 * The "must show": an agent sampling every second; the hub killed with SIGKILL for 20 s,
 * twice, restarted on the same ports and data; the agent restarted once (a clean SIGTERM while
 * the hub is up and acks flow, or a SIGKILL in the middle of the second outage with samples
 * pending). At the end the hub holds exactly seqs 1..N.
 */
export async function zeroLossScenario(deviceId: string, agentRestart: 'SIGTERM' | 'SIGKILL') {
  const fleet: Fleet = await createFleet(deviceId);
  const started = Date.now();
  const step = (what: string) => console.log(`[${deviceId}] +${Date.now() - started} ms ${what}`);
  await fleet.startHub();
  fleet.startAgent();
  await fleet.waitStored(3, 20_000);

  step('hub SIGKILL #1');
  await fleet.killHub();
  await sleep(OUTAGE_MS);
  await fleet.startHub();
  step('hub restarted #1');
  await fleet.waitCaughtUp(CATCH_UP_MS);

  if (agentRestart === 'SIGTERM') {
    step('agent SIGTERM while streaming');
    expect(await fleet.stopAgent()).toBe(0);
    fleet.startAgent();
    await fleet.waitStored(fleet.lastSeqHandedOut() + 2, 20_000);
  }

  step('hub SIGKILL #2');
  await fleet.killHub();
  if (agentRestart === 'SIGKILL') {
    await sleep(OUTAGE_MS / 2);
    step('agent SIGKILL with samples pending');
    const pendingBefore = fleet.lastSeqHandedOut() - fleet.storedMax();
    expect(pendingBefore).toBeGreaterThanOrEqual(5);
    await fleet.killAgent();
    fleet.startAgent();
    await sleep(OUTAGE_MS / 2);
  } else {
    await sleep(OUTAGE_MS);
  }
  await fleet.startHub();
  step('hub restarted #2');
  await fleet.waitCaughtUp(CATCH_UP_MS);
  // A few more samples with everything healthy, then a clean stop.
  await fleet.waitStored(fleet.lastSeqHandedOut() + 2, 20_000);

  const { n, seqs } = await stopAndCheckExactlyOnce(fleet);
  step(`stopped; N = ${n}`);
  const elapsedS = (Date.now() - started) / 1000;
  // The agent sampled through both outages: about one seq a second, minus its restart.
  expect(n).toBeGreaterThan(elapsedS * 0.7);
  expect(seqs, fleet.output()).toEqual(oneTo(n));
  expect(fleet.ackedSeq()).toBeLessThanOrEqual(n);
  expect(await fleet.hub?.stop()).toBe(0);
  return { n, elapsedS };
}
