import cron from 'node-cron';
import type { Logger } from 'pino';
import { createCollectors } from './collectors/registry.js';
import type { AgentConfig } from './config.js';
import { collectMeta } from './meta.js';
import { Publisher } from './publisher.js';
import { type BuildResult, buildSample, Sampler } from './sampler.js';
import { cronForInterval } from './schedule.js';
import { AgentState } from './state.js';

const META_EVERY_MS = 60 * 60 * 1000;

export interface RunningAgent {
  stop(): Promise<void>;
}

/** `nodetally-agent run`: sample on a node-cron schedule and publish until stopped. */
export async function runAgent(config: AgentConfig, log: Logger): Promise<RunningAgent> {
  const expression = cronForInterval(config.intervalS);
  const state = AgentState.open(config.stateDir, config.deviceId);
  const sampler = new Sampler(createCollectors(config), log);
  await sampler.probe();
  log.info(
    { device_id: state.deviceId, collectors: sampler.enabledIds, schedule: expression },
    'agent starting',
  );

  let lastAcked = 0;
  const publisher = new Publisher({
    url: config.hubUrl,
    deviceId: state.deviceId,
    username: config.username,
    password: config.password,
    log,
    onAck: (ack) => {
      lastAcked = Math.max(lastAcked, ack.up_to_seq);
      log.debug({ up_to_seq: ack.up_to_seq }, 'hub stored samples');
    },
  });

  const publishMeta = async () => {
    const meta = await collectMeta(state.deviceId, config.intervalS);
    publisher.publishMeta(meta).catch((error: Error) => log.warn({ err: error }, 'meta not delivered'));
  };

  const tick = async () => {
    const fields = await sampler.collect();
    const built: BuildResult = buildSample(fields, state.deviceId, state.peekSeq(), Date.now());
    if (!built.ok) {
      log.error({ detail: built.detail }, 'sample failed the shared schema; not sent');
      return;
    }
    built.sample.seq = state.takeSeq();
    publisher
      .publishSample(built.sample)
      .catch((error: Error) => log.warn({ err: error, seq: built.sample.seq }, 'sample not delivered'));
  };

  await publishMeta();
  await tick();
  const task = cron.schedule(expression, tick, { noOverlap: true });
  const metaTimer = setInterval(publishMeta, META_EVERY_MS);
  metaTimer.unref();

  return {
    async stop() {
      await task.stop();
      clearInterval(metaTimer);
      await publisher.close();
      log.info({ last_acked_seq: lastAcked }, 'agent stopped');
    },
  };
}
