import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { IngestCounters } from '../../ingest/counters.js';

const Counts = Type.Integer({ minimum: 0 });

export function registerHealthRoutes(app: FastifyInstance, counters: IngestCounters): void {
  const started = Date.now();
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        description: 'For load balancers and systemd; needs no login and says nothing else',
        response: { 200: Type.Object({ status: Type.Literal('ok'), uptime_s: Type.Number() }) },
      },
    },
    async () => ({ status: 'ok' as const, uptime_s: (Date.now() - started) / 1000 }),
  );
  app.get(
    '/api/v1/ingest',
    {
      schema: {
        tags: ['health'],
        summary: 'Ingest counters',
        description: 'Ingest counters: messages received, stored, duplicate, and rejected by reason',
        response: {
          200: Type.Object({
            received_total: Counts,
            stored_total: Counts,
            duplicates_total: Counts,
            acks_sent_total: Counts,
            rejected_total: Counts,
            rejected_by_reason: Type.Record(Type.String(), Counts),
          }),
        },
      },
    },
    async () => counters.toJSON(),
  );
}
