import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createEnrollToken } from '../../devices/credentials.js';
import type { Store } from '../../store/types.js';

const DEFAULT_TTL_S = 3600;

/** The hub's address as the browser used it, or null for a Host header unfit for a shell line. */
function hubOrigin(request: FastifyRequest): string | null {
  return /^[A-Za-z0-9.\-:[\]]+$/.test(request.host) ? `${request.protocol}://${request.host}` : null;
}

/**
 * POST /api/v1/enroll-tokens: what `nodetally-hub devices enroll-token` does, for the web page's
 * "add a device": a one-time token and the line that installs and enrolls an agent with it.
 */
export function registerEnrollTokenRoutes(app: FastifyInstance, store: Store, now: () => number = Date.now) {
  app.post(
    '/api/v1/enroll-tokens',
    {
      schema: {
        tags: ['devices'],
        summary: 'Issue a one-time enrollment token and the install command that uses it',
        body: Type.Object(
          {
            ttl_s: Type.Integer({
              minimum: 60,
              maximum: 7 * 86_400,
              default: DEFAULT_TTL_S,
              description: 'validity',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            token: Type.String(),
            expires_ms: Type.Integer({ description: 'UTC epoch milliseconds' }),
            command: Type.String({ description: 'run as root on the new machine' }),
          }),
          400: Type.Object({ error: Type.String(), message: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      const origin = hubOrigin(request);
      if (!origin) return reply.code(400).send({ error: 'NT_ERR_ENROLL_HOST', message: 'bad Host header' });
      const { ttl_s } = request.body as { ttl_s: number };
      const issuedAt = now();
      const token = await createEnrollToken(store, ttl_s * 1000, issuedAt);
      return reply.code(201).send({
        token,
        expires_ms: issuedAt + ttl_s * 1000,
        command: `curl -fsSL ${origin}/install.sh | sudo sh -s -- --token ${token}`,
      });
    },
  );
}
