import { type Sample, SCHEMA_VERSION, validateMessage } from '@nodetally/shared';
import type { Logger } from 'pino';
import { type Collector, CollectorFailure, type SampleFields } from './collectors/types.js';

/** Runs the enabled collectors and assembles a Sample; a collector that throws costs only its own fields. */
export class Sampler {
  private enabled: Collector[] = [];
  private readonly lastError = new Map<string, string>();

  constructor(
    private readonly collectors: readonly Collector[],
    private readonly log: Logger,
  ) {}

  async probe(): Promise<void> {
    this.enabled = [];
    for (const collector of this.collectors) {
      const result = await collector
        .probe()
        .catch((error: Error) => ({ ok: false as const, reason: error.message }));
      if (result.ok) this.enabled.push(collector);
      else this.log.warn({ collector: collector.id, reason: result.reason }, 'collector disabled');
    }
  }

  get enabledIds(): string[] {
    return this.enabled.map((c) => c.id);
  }

  async collect(): Promise<Partial<SampleFields>> {
    const parts = await Promise.all(
      this.enabled.map(async (collector) => {
        try {
          const fields = await collector.collect();
          this.lastError.delete(collector.id);
          return fields;
        } catch (error) {
          this.failed(collector.id, error);
          return error instanceof CollectorFailure ? error.fields : {};
        }
      }),
    );
    const fields: Partial<SampleFields> = {};
    for (const part of parts) mergeFields(fields, part);
    for (const collector of this.enabled) {
      if (!collector.derive) continue;
      const key = `${collector.id}.derive`;
      try {
        mergeFields(fields, await collector.derive(fields));
        this.lastError.delete(key);
      } catch (error) {
        this.failed(key, error);
      }
    }
    return fields;
  }

  private failed(key: string, error: unknown): void {
    const message = (error as Error).message;
    // One log line per distinct failure, not one per interval.
    if (this.lastError.get(key) !== message) {
      this.log.error({ collector: key, err: error }, 'collector failed');
      this.lastError.set(key, message);
    }
  }
}

/** Later fields win, except that lists two collectors both fill (GPUs of two vendors) are joined. */
function mergeFields(target: Partial<SampleFields>, part: Partial<SampleFields>): void {
  const into = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(part)) {
    const existing = into[key];
    into[key] = Array.isArray(existing) && Array.isArray(value) ? [...existing, ...value] : value;
  }
}

export type BuildResult = { ok: true; sample: Sample } | { ok: false; detail: string };

/** Adds the envelope and checks the result against the shared schema before anything is sent. */
export function buildSample(
  fields: Partial<SampleFields>,
  deviceId: string,
  seq: number,
  ts: number,
): BuildResult {
  const candidate = { v: SCHEMA_VERSION, device_id: deviceId, seq, ts, ...fields };
  const checked = validateMessage('samples', candidate);
  return checked.ok ? { ok: true, sample: checked.value } : { ok: false, detail: checked.detail };
}
