import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createHubMetrics, type HubMetricsOptions } from '../prometheus/registry.js';

/** GET /metrics: Prometheus text exposition (format 0.0.4) of this hub; see hub/README.md for the list. */
export function registerMetricsRoutes(app: FastifyInstance, options: HubMetricsOptions): void {
  const metrics = createHubMetrics(options);
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary: 'Prometheus metrics',
        description:
          'Ingest counters, per-device telemetry and earnings gauges, reward source staleness, alerts ' +
          'firing, process metrics. Scrape with an API token (Authorization: Bearer).',
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4',
            content: { 'text/plain; version=0.0.4': { schema: Type.String() } },
          },
        },
      },
    },
    async (_request, reply) => {
      const text = await metrics.scrape();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
