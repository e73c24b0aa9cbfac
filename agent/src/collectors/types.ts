import type { Sample } from '@nodetally/shared';
import type { Logger } from 'pino';

/** The part of a Sample that collectors fill; the sampler adds v, device_id, seq and ts. */
export type SampleFields = Omit<Sample, 'v' | 'device_id' | 'seq' | 'ts'>;

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/**
 * A collector is probed once at start; one whose source is missing is disabled with one warning.
 * `collect` must be cheap: it runs every interval on hardware as small as a Raspberry Pi.
 */
export interface Collector {
  readonly id: string;
  probe(): Promise<ProbeResult>;
  collect(): Promise<Partial<SampleFields>>;
  /**
   * Runs after every collector's `collect`, in registry order, with the fields gathered so far;
   * for values computed from other collectors' readings of the same sample (power from GPU draw).
   */
  derive?(fields: Partial<SampleFields>): Promise<Partial<SampleFields>>;
}

/** Thrown by `collect` when it failed but still has fields to report (e.g. `gpus: []`). */
export class CollectorFailure extends Error {
  constructor(
    message: string,
    readonly fields: Partial<SampleFields>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CollectorFailure';
  }
}

export interface CollectorContext {
  log: Logger;
}
