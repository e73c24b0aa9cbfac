import type { FastifyInstance } from 'fastify';
import type { IngestCounters } from '../../ingest/counters.js';

/** Prometheus text exposition of the ingest counters, rejections labelled by reason. */
export function renderIngestMetrics(counters: IngestCounters): string {
  const lines = [
    '# HELP nodetally_ingest_messages_received_total Messages devices published to the hub.',
    '# TYPE nodetally_ingest_messages_received_total counter',
    `nodetally_ingest_messages_received_total ${counters.received}`,
    '# HELP nodetally_ingest_samples_stored_total Samples stored (each device and seq once).',
    '# TYPE nodetally_ingest_samples_stored_total counter',
    `nodetally_ingest_samples_stored_total ${counters.stored}`,
    '# HELP nodetally_ingest_samples_duplicate_total Samples received again and not stored twice.',
    '# TYPE nodetally_ingest_samples_duplicate_total counter',
    `nodetally_ingest_samples_duplicate_total ${counters.duplicates}`,
    '# HELP nodetally_ingest_rejected_total Messages and connections refused, by reason.',
    '# TYPE nodetally_ingest_rejected_total counter',
    ...Object.entries(counters.rejected).map(
      ([reason, n]) => `nodetally_ingest_rejected_total{reason="${reason}"} ${n}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerMetricsRoutes(app: FastifyInstance, counters: IngestCounters): void {
  app.get('/metrics', async (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(renderIngestMetrics(counters)),
  );
}
