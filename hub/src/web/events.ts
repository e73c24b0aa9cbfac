import { EventEmitter } from 'node:events';
import type { Sample } from '@nodetally/shared';
import type { IncomingSample } from '../store/types.js';

/** The few numbers the fleet table shows of a device's newest sample. */
export interface DeviceSummary {
  cpu_pct: number | null;
  /** Mean `util_gpu_pct` over the GPUs that report one; null when none does. */
  gpu_util_pct: number | null;
  power_w: number | null;
  /** Networks of the workloads the agent found (running or not). */
  networks: string[];
}

export interface DeviceEvent {
  device_id: string;
  /** What the device said (status topic) or 'online' when it just sent samples. */
  status: 'online' | 'offline' | 'unknown';
  last_seen_ms: number;
  latest: DeviceSummary | null;
}

export interface EarningsEvent {
  computed_ms: number;
}

export interface AlertEvent {
  id: string;
  state: 'ok' | 'pending' | 'firing';
  rule: string;
  device_id: string;
}

export interface HubEventMap {
  device: DeviceEvent;
  earnings: EarningsEvent;
  alert: AlertEvent;
}

export type HubEventName = keyof HubEventMap;
export const HUB_EVENT_NAMES: readonly HubEventName[] = ['device', 'earnings', 'alert'];

/** Summarizes a sample for the fleet table and the `device` event. */
export function summarizeSample(sample: Sample): DeviceSummary {
  const utils = (sample.gpus ?? []).map((g) => g.util_gpu_pct).filter((u): u is number => u !== null);
  return {
    cpu_pct: sample.cpu_load_pct,
    gpu_util_pct: utils.length > 0 ? utils.reduce((a, b) => a + b, 0) / utils.length : null,
    power_w: sample.power?.watts ?? null,
    networks: [...new Set((sample.workloads ?? []).map((w) => w.network))].sort(),
  };
}

/**
 * What happens in the hub that a browser wants to know without polling: new samples or a status
 * change of a device, a new earnings snapshot, an alert transition. Listeners run synchronously in
 * `emit`, so they must be cheap (the SSE route only writes a line per client).
 */
export class HubEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open SSE connection per event name, plus the fleet cache.
    this.emitter.setMaxListeners(0);
  }

  emit<K extends HubEventName>(name: K, payload: HubEventMap[K]): void {
    this.emitter.emit(name, payload);
  }

  /** Adds a listener; returns the function that removes it. */
  on<K extends HubEventName>(name: K, listener: (payload: HubEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  listenerCount(name: HubEventName): number {
    return this.emitter.listenerCount(name);
  }

  /** Emits `device` for each device of a stored batch, with its newest sample of the batch. */
  emitStoredSamples(batch: readonly IncomingSample[]): void {
    if (this.emitter.listenerCount('device') === 0) return;
    const newest = new Map<string, IncomingSample>();
    for (const item of batch) {
      const seen = newest.get(item.sample.device_id);
      if (!seen || item.sample.seq > seen.sample.seq) newest.set(item.sample.device_id, item);
    }
    for (const [deviceId, { sample, receivedMs }] of newest) {
      this.emit('device', {
        device_id: deviceId,
        status: 'online',
        last_seen_ms: receivedMs,
        latest: summarizeSample(sample),
      });
    }
  }

  /**
   * The ingest's `onStored` / `onStatus` hooks. A failing listener is logged, never thrown into the
   * ingest (which would take a stored batch for a failed one).
   */
  ingestHooks(log: { error(obj: object, msg: string): void }) {
    const guard =
      <A extends unknown[]>(emit: (...args: A) => void) =>
      (...args: A) => {
        try {
          emit(...args);
        } catch (error) {
          log.error({ err: error }, 'hub event listener failed');
        }
      };
    return {
      onStored: guard((batch: readonly IncomingSample[]) => this.emitStoredSamples(batch)),
      onStatus: guard((deviceId: string, state: 'online' | 'offline', tsMs: number) =>
        this.emitStatus(deviceId, state, tsMs),
      ),
    };
  }

  /** Emits `earnings` whenever the earnings service computes a snapshot; returns the unsubscribe. */
  followEarnings(service: { onSnapshot(listener: (s: { computed_ms: number }) => void): () => void }) {
    return service.onSnapshot((s) => this.emit('earnings', { computed_ms: s.computed_ms }));
  }

  /** Emits `device` for a status message (online / offline, the Last Will). */
  emitStatus(deviceId: string, status: 'online' | 'offline', tsMs: number): void {
    this.emit('device', { device_id: deviceId, status, last_seen_ms: tsMs, latest: null });
  }
}
