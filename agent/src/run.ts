import { readFileSync } from 'node:fs';
import type { Sample } from '@nodetally/shared';
import cron from 'node-cron';
import type { Logger } from 'pino';
import { createCollectors } from './collectors/registry.js';
import type { AgentConfig } from './config.js';
import { collectMeta } from './meta.js';
import { Outbox } from './outbox/outbox.js';
import { Shipper } from './outbox/shipper.js';
import { Publisher } from './publisher.js';
import { type BuildResult, buildSample, Sampler } from './sampler.js';
import { cronForInterval } from './schedule.js';
import { AgentState, expandHome } from './state.js';

const META_EVERY_MS = 60 * 60 * 1000;

export interface RunningAgent {
  stop(): Promise<void>;
}

/**
 * `nodetally-agent run`: sample on a node-cron schedule; each Sample is appended to the outbox
 * (durably) before it is published, and leaves the outbox only when the hub acks its seq.
 */
export async function runAgent(config: AgentConfig, log: Logger): Promise<RunningAgent> {
  const expression = cronForInterval(config.intervalS);
  const state = AgentState.open(config.stateDir, config.deviceId);
  const outbox = Outbox.open(state.outboxDir, {
    maxBytes: config.outboxMaxBytes,
    fsync: config.outboxFsync,
    log,
  });
  const sampler = new Sampler(createCollectors(config, log), log);
  await sampler.probe();
  log.info(
    {
      device_id: state.deviceId,
      collectors: sampler.enabledIds,
      schedule: expression,
      next_seq: outbox.lastSeq + 1,
      outbox_pending: outbox.pendingCount,
    },
    'agent starting',
  );

  let shipper: Shipper | undefined;
  const publisher = new Publisher({
    url: config.hubUrl,
    deviceId: state.deviceId,
    username: config.username,
    password: config.password,
    tls: config.caFile ? { ca: readFileSync(expandHome(config.caFile)) } : undefined,
    log,
    onConnect: () => shipper?.onConnect(),
    onDisconnect: () => shipper?.onDisconnect(),
    onAck: (ack) => shipper?.onAck(ack.up_to_seq),
  });
  shipper = new Shipper({ outbox, publish: (_seq, payload) => publisher.publishSample(payload), log });
  if (publisher.connected) shipper.onConnect();

  let lastGpus: Sample['gpus'];
  const publishMeta = async () => {
    const meta = await collectMeta(state.deviceId, {
      intervalS: config.intervalS,
      meteredIface: config.meteredIface,
      gpus: lastGpus,
    });
    publisher.publishMeta(meta).catch((error: Error) => log.debug({ err: error }, 'meta not delivered'));
  };

  // node-cron's stop() does not wait for a running tick: stop() waits for it here, so a sample
  // collected while the agent stops is appended and sent before the publisher and outbox close.
  let stopping = false;
  let running: Promise<void> | undefined;
  const tick = async () => {
    if (stopping) return;
    const done = collectAndShip();
    running = done;
    try {
      await done;
    } catch (error) {
      // A full disk or a broken collector costs this sample, not the agent (node-cron would hide it).
      log.error({ err: error }, 'sample not taken');
    } finally {
      if (running === done) running = undefined;
    }
  };

  const collectAndShip = async () => {
    const fields = await sampler.collect();
    lastGpus = fields.gpus;
    const seq = outbox.lastSeq + 1;
    const built: BuildResult = buildSample(
      {
        ...fields,
        outbox_floor_seq: outbox.floorSeq,
        outbox_pending: outbox.pendingCount,
        outbox_dropped_total: outbox.droppedTotal,
      },
      state.deviceId,
      seq,
      Date.now(),
    );
    if (!built.ok) {
      log.error({ detail: built.detail }, 'sample failed the shared schema; not sent');
      return;
    }
    const payload = Buffer.from(JSON.stringify(built.sample));
    outbox.append(seq, payload);
    shipper?.offer(seq, payload);
  };

  // The first sample first: its GPUs go into the inventory.
  await tick();
  await publishMeta();
  const task = cron.schedule(expression, tick, { noOverlap: true });
  const metaTimer = setInterval(publishMeta, META_EVERY_MS);
  metaTimer.unref();

  return {
    async stop() {
      stopping = true;
      await task.stop();
      await running?.catch((error: Error) => log.error({ err: error }, 'last sample failed'));
      clearInterval(metaTimer);
      shipper?.stop();
      await publisher.close();
      outbox.close();
      log.info(
        { last_seq: outbox.lastSeq, acked_seq: outbox.ackedSeq, pending: outbox.pendingCount },
        'agent stopped',
      );
    },
  };
}
