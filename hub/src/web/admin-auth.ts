import { timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The admin token setting (spread into the hub's config schema) until issue 8 brings the login. */
export const adminSettings = {
  adminToken: Type.Optional(
    Type.String({
      minLength: 16,
      description:
        'bearer token for the API routes that change something (alert silences, "send test"); those routes exist only when it is set',
    }),
  ),
};

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A preHandler that answers 401 unless the request carries `Authorization: Bearer <token>`. */
export function requireAdmin(token: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!same(given, token)) {
      await reply.code(401).header('www-authenticate', 'Bearer').send({
        error: 'NT_ERR_AUTH_REQUIRED',
        message: 'this route needs the admin token as a Bearer token',
      });
    }
  };
}
