import { afterAll, describe, it } from 'vitest';
import { stopAll } from '../support/processes.js';
import { zeroLossScenario } from './zero-loss.js';

describe('fault: hub killed -9 for 20 s twice, agent restarted with SIGTERM', () => {
  afterAll(stopAll);

  it('stores seqs 1..N exactly once', () => zeroLossScenario('fault-zero-term', 'SIGTERM'), 240_000);
});
