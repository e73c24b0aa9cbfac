import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../store/types.js';
import { foreignOrigin } from './guard.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { endSession, SESSION_COOKIE, startSession } from './sessions.js';

export interface LoginLimit {
  /** Login attempts per IP per window (default 10). */
  max: number;
  windowMs: number;
}

const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });
const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const SessionView = Type.Object({
  user: Type.Union([Type.Object({ username: Type.String() }), Type.Null()]),
  via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  scope: Type.Union([Type.Literal('read'), Type.Literal('admin')]),
  csrf_token: Type.Union([Type.String(), Type.Null()], {
    description: 'send it as the x-csrf-token header with every change made with the session cookie',
  }),
  expires_ms: Type.Union([Type.Integer(), Type.Null()]),
});

/** Checks a username and password; an unknown user costs the same scrypt work as a wrong password. */
async function checkLogin(store: Store, username: string, password: string): Promise<boolean> {
  const user = await store.getUser(username);
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  return ok && user !== null;
}

export function registerSessionRoutes(
  app: FastifyInstance,
  store: Store,
  options: { ttlMs: number; loginLimit: LoginLimit },
): void {
  app.post(
    '/api/v1/session',
    {
      config: { rateLimit: { max: options.loginLimit.max, timeWindow: options.loginLimit.windowMs } },
      schema: {
        tags: ['auth'],
        summary: 'Log in: sets the HttpOnly session cookie and returns the CSRF token',
        body: LoginBody,
        response: { 200: SessionView, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const foreign = foreignOrigin(request);
      if (foreign) return reply.code(403).send({ error: 'NT_ERR_AUTH_CSRF', message: foreign });
      const { username, password } = request.body as typeof LoginBody.static;
      if (!(await checkLogin(store, username, password))) {
        request.log.warn({ username, ip: request.ip }, 'login failed');
        return reply.code(401).send({ error: 'NT_ERR_AUTH_LOGIN', message: 'wrong username or password' });
      }
      const now = Date.now();
      await store.deleteExpiredSessions(now);
      const { cookie, record } = await startSession(store, username, options.ttlMs, now);
      reply.setCookie(SESSION_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/',
        maxAge: Math.floor(options.ttlMs / 1000),
      });
      return {
        user: { username },
        via: 'session' as const,
        scope: 'admin' as const,
        csrf_token: record.csrf_token,
        expires_ms: record.expires_ms,
      };
    },
  );

  app.get(
    '/api/v1/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is logged in, and the CSRF token of the session',
        response: { 200: SessionView, 401: ErrorBody },
      },
    },
    async (request) => {
      const auth = request.auth;
      return {
        user: auth?.username ? { username: auth.username } : null,
        via: auth?.via ?? 'token',
        scope: auth?.scope ?? 'read',
        csrf_token: auth?.session?.csrf_token ?? null,
        expires_ms: auth?.session?.expires_ms ?? null,
      };
    },
  );

  app.delete(
    '/api/v1/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log out: ends the session on the server and clears the cookie',
        response: { 204: Type.Null(), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (request.auth?.via === 'session' && cookie) await endSession(store, cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
}
