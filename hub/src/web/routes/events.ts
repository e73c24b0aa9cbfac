import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { HUB_EVENT_NAMES, type HubEvents } from '../events.js';

export const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/v1/events`: Server-Sent Events of the hub (`device`, `earnings`, `alert`), a comment line
 * every `heartbeatMs` so that proxies keep the connection open. Listeners go when the client does.
 */
export function registerEventRoutes(
  app: FastifyInstance,
  events: HubEvents,
  heartbeatMs = HEARTBEAT_MS,
): void {
  const open = new Set<() => void>();
  // Streams never end on their own: close them so that app.close() does not wait for clients.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  app.get(
    '/api/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Live events (text/event-stream): device, earnings, alert; a heartbeat comment every 15 s',
        response: {
          200: {
            description:
              'a stream of `event: <device|earnings|alert>` + `data: <json>` blocks and `: heartbeat` comments',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
        },
      },
    },
    (request, reply) => {
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers responses unless told not to; events must reach the browser as they happen.
        'x-accel-buffering': 'no',
      });
      raw.write(': connected\n\n');
      const removers = HUB_EVENT_NAMES.map((name) =>
        events.on(name, (payload) => {
          raw.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
        }),
      );
      const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), heartbeatMs);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        for (const remove of removers) remove();
        open.delete(end);
        raw.end();
      };
      open.add(end);
      request.raw.on('close', end);
      raw.on('close', end);
      raw.on('error', end);
    },
  );
}
