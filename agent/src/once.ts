import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { createCollectors } from './collectors/registry.js';
import type { AgentConfig } from './config.js';
import { Outbox } from './outbox/outbox.js';
import { type BuildResult, buildSample, Sampler } from './sampler.js';
import { AgentState } from './state.js';

/**
 * `nodetally-agent once`: one Sample, built exactly as `run` builds it. It shows the seq the next
 * published sample will carry but does not hand it out, so it leaves no gap in the device's series.
 */
export async function sampleOnce(config: AgentConfig, log: Logger): Promise<BuildResult> {
  const state = AgentState.open(config.stateDir, config.deviceId);
  const sampler = new Sampler(createCollectors(config, log), log);
  await sampler.probe();
  // CPU load is a difference between two readings; the probe took the first.
  await sleep(250);
  return buildSample(
    await sampler.collect(),
    state.deviceId,
    Outbox.peekLastSeq(state.outboxDir) + 1,
    Date.now(),
  );
}
