import { Counter, type Registry } from 'prom-client';
import { type IngestCounters, REJECT_REASONS } from '../../ingest/counters.js';

/**
 * The ingest counters, read from `IngestCounters` at scrape time (ingest owns the numbers; these only
 * mirror them). Every rejection reason is always present, 0 until it happens, so that `rate()` and
 * alerting rules see a series from the start.
 */
export function registerIngestMetrics(registry: Registry, counters: IngestCounters): void {
  const mirror = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  mirror(
    'nodetally_ingest_messages_received_total',
    'Messages devices published to the hub.',
    () => counters.received,
  );
  mirror(
    'nodetally_ingest_samples_stored_total',
    'Samples stored (each device and seq once).',
    () => counters.stored,
  );
  mirror(
    'nodetally_ingest_samples_duplicate_total',
    'Samples received again and not stored twice.',
    () => counters.duplicates,
  );
  mirror(
    'nodetally_ingest_acks_sent_total',
    'Acks published to devices (up_to_seq of what is durably stored).',
    () => counters.acksSent,
  );
  new Counter({
    name: 'nodetally_ingest_rejected_total',
    help: 'Messages and connections refused, by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const reason of REJECT_REASONS) this.inc({ reason }, counters.rejected[reason]);
    },
  });
}
