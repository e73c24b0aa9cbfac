import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiTokenScope, SessionRecord } from '../../store/auth-types.js';
import type { Store } from '../../store/types.js';
import { findApiToken } from './api-tokens.js';
import { isPublicRoute } from './public-routes.js';
import { sameSecret } from './secrets.js';
import { findSession, SESSION_COOKIE } from './sessions.js';

/** Who made a request: a logged-in user (cookie) or an API token (Bearer). */
export interface AuthIdentity {
  via: 'session' | 'token';
  /** The user of a session; null for an API token. */
  username: string | null;
  /** The API token's name; null for a session. */
  token_name: string | null;
  scope: ApiTokenScope;
  session: SessionRecord | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthIdentity | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function identify(store: Store, request: FastifyRequest): Promise<AuthIdentity | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    // A request that sends credentials is judged on them alone, never on a cookie as well.
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match ? await findApiToken(store, match[1] as string) : null;
    if (!token) return null;
    return { via: 'token', username: null, token_name: token.name, scope: token.scope, session: null };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  const session = cookie ? await findSession(store, cookie) : null;
  if (!session) return null;
  return { via: 'session', username: session.username, token_name: null, scope: 'admin', session };
}

/** The Host header as a URL would write it (`localhost:80` → `localhost` on http). */
function ownHost(request: FastifyRequest): string | null {
  try {
    return new URL(`${request.protocol}://${request.headers.host ?? ''}`).host;
  } catch {
    return null;
  }
}

/** Origin, else Referer, when the browser sent one, must name this very host (the CSRF second line). */
export function foreignOrigin(request: FastifyRequest): string | null {
  const source = request.headers.origin ?? request.headers.referer;
  if (source === undefined) return null;
  let host: string;
  try {
    host = new URL(source).host;
  } catch {
    return `unreadable Origin/Referer ${JSON.stringify(source)}`;
  }
  return host === ownHost(request) ? null : `cross-site request from ${host}`;
}

function csrfProblem(request: FastifyRequest, session: SessionRecord): string | null {
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || !sameSecret(header, session.csrf_token))
    return 'a change made with a session cookie needs the x-csrf-token header (GET /api/v1/session)';
  return foreignOrigin(request);
}

async function refuse(request: FastifyRequest, reply: FastifyReply) {
  // A browser navigating (to a page, the API docs, or an API URL typed in) asks for HTML: send it to
  // the login. fetch(), curl and Prometheus do not, and get the 401 JSON.
  const isPage =
    (request.method === 'GET' || request.method === 'HEAD') &&
    (request.headers.accept ?? '').includes('text/html');
  if (isPage) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 302);
  return reply.code(401).header('www-authenticate', 'Bearer realm="nodetally"').send({
    error: 'NT_ERR_AUTH_REQUIRED',
    message: 'log in (POST /api/v1/session) or send Authorization: Bearer <API token>',
  });
}

/** The one onRequest hook that guards the whole app: the allowlist in public-routes.ts, else a login. */
export function authGuard(store: Store) {
  return async function guard(request: FastifyRequest, reply: FastifyReply) {
    if (isPublicRoute(request.method, request.routeOptions.url)) return;
    const identity = await identify(store, request);
    if (!identity) return refuse(request, reply);
    if (!SAFE_METHODS.has(request.method)) {
      if (identity.scope !== 'admin')
        return reply.code(403).send({
          error: 'NT_ERR_AUTH_FORBIDDEN',
          message: 'this API token has the read scope: it may only GET',
        });
      const problem = identity.session ? csrfProblem(request, identity.session) : null;
      if (problem) return reply.code(403).send({ error: 'NT_ERR_AUTH_CSRF', message: problem });
    }
    request.auth = identity;
  };
}
