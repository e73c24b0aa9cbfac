import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/processes.js';
import { createFleet, oneTo, stopAndCheckExactlyOnce } from './fleet.js';

describe('fault: the agent is stopped while a sample is being collected', () => {
  afterAll(stopAll);

  it('a SIGTERM during a slow collector (a GPU tool that takes 0.7 s) leaves no sample behind: 1..N', async () => {
    // A GPU tool that answers slowly and then fails: every tick spends most of its second collecting.
    const bin = mkdtempSync(join(tmpdir(), 'nt-slow-smi-'));
    const tool = join(bin, 'nvidia-smi');
    writeFileSync(tool, '#!/bin/sh\nsleep 0.7\necho "NVIDIA-SMI has failed" >&2\nexit 9\n');
    chmodSync(tool, 0o755);
    const env = { NODETALLY_NVIDIA_SMI_PATH: tool };

    const fleet = await createFleet('fault-midtick');
    await fleet.startHub();
    for (let round = 0; round < 3; round++) {
      fleet.startAgent(undefined, env);
      await fleet.waitStored(fleet.storedMax() + 2, 20_000);
      // Stop 0.3 s into a tick: the slow tool is still running.
      await sleep(300);
      const { n, seqs } = await stopAndCheckExactlyOnce(fleet);
      expect(seqs, `round ${round}\n${fleet.output()}`).toEqual(oneTo(n));
    }
    expect(await fleet.hub?.stop()).toBe(0);
  }, 90_000);
});
