import { decodeMessage, MAX_PAYLOAD_BYTES, parseTopic, type Sample } from '@nodetally/shared';
import type { Logger } from 'pino';
import type { IncomingSample, Store } from '../store/types.js';
import { IngestCounters, type IngestRejectReason } from './counters.js';
import { DeviceRateLimit } from './rate-limit.js';
import { StoredRuns } from './stored-runs.js';
import { ThrottledLog } from './throttled-log.js';

export interface IngestOptions {
  store: Store;
  log: Logger;
  /** Publishes `ack {up_to_seq}` to the device; called only after the batch is committed. */
  sendAck: (deviceId: string, upToSeq: number) => void;
  maxBatch?: number;
  flushMs?: number;
  /** Device clocks drift; beyond this a timestamp is refused rather than stored in the future. */
  maxFutureSkewMs?: number;
  /** Older than this is a broken clock, not an outbox replay (the outbox is bounded far below it). */
  maxPastMs?: number;
  rateLimit?: { ratePerS: number; burst: number };
  now?: () => number;
  /** Called after a batch is committed (live updates of the web page); must not throw. */
  onStored?: (batch: readonly IncomingSample[]) => void;
  /** Called after a status message is stored. */
  onStatus?: (deviceId: string, state: 'online' | 'offline', tsMs: number) => void;
}

/**
 * Validates every message at the hub boundary, batches Samples into one transaction, and acks each
 * device with the highest seq that is durably stored. Nothing invalid reaches the store.
 */
/** Per device, the outbox floor reported by its newest sample in the batch (agents that report one). */
function newestFloors(batch: readonly IncomingSample[]): Map<string, number> {
  const newest = new Map<string, Sample>();
  for (const { sample } of batch) {
    const seen = newest.get(sample.device_id);
    if (!seen || sample.seq > seen.seq) newest.set(sample.device_id, sample);
  }
  const floors = new Map<string, number>();
  for (const [deviceId, sample] of newest) {
    if (sample.outbox_floor_seq !== undefined) floors.set(deviceId, sample.outbox_floor_seq);
  }
  return floors;
}

export class Ingest {
  readonly counters = new IngestCounters();
  private queue: IncomingSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Batches handed to the store whose commit has not ended. */
  private committing = 0;
  private readonly throttled: ThrottledLog;
  private readonly maxBatch: number;
  private readonly flushMs: number;
  private readonly maxFutureSkewMs: number;
  private readonly maxPastMs: number;
  private readonly rateLimit: DeviceRateLimit;
  /**
   * Seqs per device of batches whose store write failed. Acks stay below them until they are stored:
   * `up_to_seq` must never pass a sample the hub lacks. Agents that report `outbox_floor_seq` are
   * also covered by the contiguity check below; this guards those that do not.
   */
  private readonly blocked = new Map<string, Set<number>>();
  private readonly highestStored = new Map<string, number>();
  private readonly storedRuns = new StoredRuns();
  private readonly now: () => number;

  constructor(private readonly options: IngestOptions) {
    this.throttled = new ThrottledLog(options.log);
    // Each commit is an fsync (synchronous=FULL): bigger batches under load cost fewer of them per sample.
    this.maxBatch = options.maxBatch ?? 2000;
    this.flushMs = options.flushMs ?? 25;
    this.maxFutureSkewMs = options.maxFutureSkewMs ?? 5 * 60_000;
    this.maxPastMs = options.maxPastMs ?? 90 * 86_400_000;
    this.rateLimit = new DeviceRateLimit(options.rateLimit?.ratePerS ?? 50, options.rateLimit?.burst ?? 500);
    this.now = options.now ?? Date.now;
  }

  private reject(reason: IngestRejectReason, topic: string, detail: string): void {
    this.counters.rejected[reason]++;
    this.throttled.warn(`${topic}:${reason}`, { topic, reason, detail }, 'message rejected');
  }

  /** Entry point for every message a device publishes. Never throws. */
  receive(topic: string, payload: Uint8Array): void {
    this.counters.received++;
    const parsed = parseTopic(topic);
    const received = this.now();
    if (!parsed || parsed.kind === 'ack') this.reject('topic', topic, 'not a device topic of nodetally/v1');
    // Before decoding: a flood of invalid payloads must not cost the hub a parse and a schema check each.
    else if (!this.rateLimit.take(parsed.deviceId, received)) {
      this.reject('rate_limited', topic, 'device over its message rate; a sample will be resent');
    } else if (parsed.kind === 'samples') this.receiveSample(topic, parsed.deviceId, payload, received);
    else if (parsed.kind === 'meta') this.receiveMeta(topic, parsed.deviceId, payload, received);
    else this.receiveStatus(topic, parsed.deviceId, payload, received);
  }

  private receiveSample(topic: string, deviceId: string, payload: Uint8Array, received: number): void {
    if (payload.byteLength > MAX_PAYLOAD_BYTES) {
      const tooLarge = decodeMessage('samples', payload);
      if (!tooLarge.ok) this.reject(tooLarge.reason, topic, tooLarge.detail);
      return;
    }
    // Decoded from text so that the text itself is what gets stored (no second JSON.stringify).
    const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
    const decoded = decodeMessage('samples', text);
    if (!decoded.ok) this.reject(decoded.reason, topic, decoded.detail);
    else if (this.acceptSample(topic, deviceId, decoded.value, received)) {
      this.queue.push({ sample: decoded.value, receivedMs: received, payload: text });
      this.schedule();
    }
  }

  private receiveMeta(topic: string, deviceId: string, payload: Uint8Array, received: number): void {
    const decoded = decodeMessage('meta', payload);
    if (!decoded.ok) this.reject(decoded.reason, topic, decoded.detail);
    else if (decoded.value.device_id !== deviceId) {
      this.reject('device_mismatch', topic, `payload says ${decoded.value.device_id}`);
    } else {
      this.options.store.upsertMeta(decoded.value, received).catch((error) => this.storeFailed(topic, error));
    }
  }

  private receiveStatus(topic: string, deviceId: string, payload: Uint8Array, received: number): void {
    // An empty retained payload is how MQTT clears a retained message, not an error.
    if (payload.byteLength === 0) return;
    const decoded = decodeMessage('status', payload);
    if (!decoded.ok) this.reject(decoded.reason, topic, decoded.detail);
    else {
      this.options.store
        .setStatus(deviceId, decoded.value.state, received)
        .then(() => this.options.onStatus?.(deviceId, decoded.value.state, received))
        .catch((error) => this.storeFailed(topic, error));
    }
  }

  private acceptSample(topic: string, deviceId: string, sample: Sample, received: number): boolean {
    if (sample.device_id !== deviceId) {
      this.reject('device_mismatch', topic, `payload says ${sample.device_id}`);
      return false;
    }
    if (sample.ts > received + this.maxFutureSkewMs) {
      this.reject('ts_future', topic, `ts ${new Date(sample.ts).toISOString()} is ahead of the hub clock`);
      return false;
    }
    if (sample.ts < received - this.maxPastMs) {
      this.reject('ts_past', topic, `ts ${new Date(sample.ts).toISOString()} is older than the hub keeps`);
      return false;
    }
    return true;
  }

  private block(deviceId: string, seq: number): void {
    const seqs = this.blocked.get(deviceId) ?? new Set<number>();
    seqs.add(seq);
    this.blocked.set(deviceId, seqs);
  }

  private storeFailed(topic: string, error: unknown): void {
    this.counters.rejected.store_error++;
    this.options.log.error({ topic, err: error }, 'store write failed');
  }

  private schedule(): void {
    // Group commit: while a batch is being written (and its WAL synced), arrivals wait for it to end
    // and go together in the next batch; bigger batches under load cost fewer page writes per sample.
    if (this.committing > 0) return;
    if (this.queue.length >= this.maxBatch) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Commits what is queued, ≤ maxBatch samples a transaction; batches are written one after another. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
      this.queue = batch === this.queue ? [] : this.queue.slice(this.maxBatch);
      this.committing++;
      this.flushing = this.flushing
        .then(() => this.commit(batch))
        .finally(() => {
          this.committing--;
          if (this.committing === 0 && this.queue.length > 0) void this.flush();
        });
    }
    return this.flushing;
  }

  private async commit(batch: IncomingSample[]): Promise<void> {
    try {
      const result = await this.options.store.insertSamples(batch);
      this.options.onStored?.(batch);
      this.counters.stored += result.inserted;
      this.counters.duplicates += result.duplicates;
      for (const { device_id, seq } of result.reused) {
        this.counters.rejected.seq_reused++;
        this.throttled.warn(
          `${device_id}:seq_reused`,
          { device_id, seq },
          'device sent a seq it already used, with other data (agent state lost or copied?); kept the stored sample',
        );
      }
      for (const { sample } of batch) {
        const seqs = this.blocked.get(sample.device_id);
        seqs?.delete(sample.seq);
        if (seqs?.size === 0) this.blocked.delete(sample.device_id);
      }
      this.recordRuns(batch, result.reused);
      const floors = newestFloors(batch);
      // The store is asked for all devices at once: a PostgreSQL pool answers them in parallel.
      const acks = await Promise.all(
        [...result.storedUpToSeq].map(async ([deviceId, batchUpTo]) => {
          const storedUpTo = Math.max(batchUpTo, this.highestStored.get(deviceId) ?? 0);
          this.highestStored.set(deviceId, storedUpTo);
          const seqs = this.blocked.get(deviceId);
          let upToSeq = seqs ? Math.min(storedUpTo, Math.min(...seqs) - 1) : storedUpTo;
          const floor = floors.get(deviceId);
          // A hole the hub never heard of (a broker with no subscriber dropped it, another worker
          // still holds it) must not be acked over: ack only what is stored without a gap from the
          // oldest seq the agent still holds.
          if (floor !== undefined && !this.storedRuns.covers(deviceId, floor, storedUpTo)) {
            upToSeq = Math.min(
              upToSeq,
              await this.options.store.contiguousThrough(deviceId, floor, storedUpTo),
            );
          }
          return [deviceId, upToSeq] as const;
        }),
      );
      for (const [deviceId, upToSeq] of acks) {
        if (upToSeq < 1) continue;
        this.options.sendAck(deviceId, upToSeq);
        this.counters.acksSent++;
      }
    } catch (error) {
      // No ack covers these, so the agents keep them and send them again.
      for (const { sample } of batch) this.block(sample.device_id, sample.seq);
      this.counters.rejected.store_error += batch.length;
      this.options.log.error({ err: error, batch: batch.length }, 'batch not stored; devices will resend');
    }
  }

  /** Feeds the seqs a batch stored (all but those refused as reused) to the in-memory runs. */
  private recordRuns(
    batch: readonly IncomingSample[],
    reused: ReadonlyArray<{ device_id: string; seq: number }>,
  ) {
    const refused = new Set(reused.map(({ device_id, seq }) => `${device_id}\n${seq}`));
    const seqsOf = new Map<string, number[]>();
    for (const { sample } of batch) {
      if (refused.size > 0 && refused.has(`${sample.device_id}\n${sample.seq}`)) continue;
      const seqs = seqsOf.get(sample.device_id);
      if (seqs) seqs.push(sample.seq);
      else seqsOf.set(sample.device_id, [sample.seq]);
    }
    for (const [deviceId, seqs] of seqsOf) this.storedRuns.add(deviceId, seqs);
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
