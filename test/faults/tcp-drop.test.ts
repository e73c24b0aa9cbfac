import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/processes.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';
import { createFleet, oneTo, stopAndCheckExactlyOnce } from './fleet.js';

describe('fault: the TCP connection between agent and hub is cut mid-stream', () => {
  let proxy: TcpProxy | undefined;
  afterAll(async () => {
    await proxy?.close();
    await stopAll();
  });

  it('after cuts between packets, inside a packet and before an ack, the hub holds 1..N exactly', async () => {
    const fleet = await createFleet('fault-tcp');
    await fleet.startHub();
    proxy = await startTcpProxy(fleet.mqttPort);
    const p = proxy;
    fleet.startAgent(p.port);
    await fleet.waitStored(3, 20_000);
    /** After a restore: the agent connects again and new samples flow through the new connection. */
    const recovered = async (acceptedBefore: number) => {
      await waitFor('agent reconnected through the proxy', () => p.accepted > acceptedBefore, 30_000);
      await fleet.waitCaughtUp(30_000);
      await fleet.waitStored(fleet.lastSeqHandedOut() + 1, 10_000);
    };

    // 1. Both sockets destroyed between packets; connections refused for 3 s.
    {
      const before = p.accepted;
      p.cut();
      await sleep(3_000);
      p.restore();
      await recovered(before);
    }

    // 2. Cut inside a packet: half of the next publish reaches the hub.
    {
      const before = p.accepted;
      await p.cutMidClientChunk();
      await sleep(2_000);
      p.restore();
      await recovered(before);
    }

    // 3. The hub stored a sample but its reply (PUBACK or ack) never reaches the agent.
    {
      const before = p.accepted;
      await p.cutOnNextReply();
      await sleep(1_000);
      p.restore();
      await recovered(before);
    }

    // 4. A flap: cut and restored at once.
    {
      const before = p.accepted;
      p.cut();
      p.restore();
      await recovered(before);
    }

    expect(p.accepted).toBeGreaterThanOrEqual(5);
    const { n, seqs } = await stopAndCheckExactlyOnce(fleet);
    expect(seqs, fleet.output()).toEqual(oneTo(n));
    expect(await fleet.hub?.stop()).toBe(0);
  }, 150_000);
});
