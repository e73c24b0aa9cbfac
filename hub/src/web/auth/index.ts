import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Store } from '../../store/types.js';
import { authGuard } from './guard.js';
import { registerLoginPage } from './login-page.js';
import { decoyHash } from './passwords.js';
import { type LoginLimit, registerSessionRoutes } from './session-routes.js';

export type { AuthIdentity } from './guard.js';
export { isPublicRoute, PUBLIC_ROUTES } from './public-routes.js';

export interface AuthOptions {
  /** How long a login lasts (default 7 days). */
  sessionTtlMs?: number;
  /** Login attempts per client IP (default 10 per minute). */
  loginLimit?: LoginLimit;
  /** Served over HTTPS: adds HSTS and upgrade-insecure-requests. */
  https?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const routesSeen = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every method and route pattern the guard has seen added to `app` (tests walk them all). */
export function guardedRoutes(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  return routesSeen.get(app) ?? [];
}

function collectRoutes(app: FastifyInstance) {
  const seen: Array<{ method: string; url: string }> = [];
  routesSeen.set(app, seen);
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) seen.push({ method, url: route.url });
  });
}

/** The front end is bundled and served by the hub itself: scripts and styles only from 'self'. */
function contentSecurityPolicy(https: boolean) {
  return {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // uPlot and the server-rendered pages set style attributes.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      // On plain HTTP (a LAN hub) this directive would send the browser to an https:// that is not there.
      ...(https ? { upgradeInsecureRequests: [] } : {}),
    },
  };
}

async function authPlugin(app: FastifyInstance, options: AuthOptions & { store: Store }) {
  const https = options.https ?? false;
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: contentSecurityPolicy(https),
    hsts: https ? { maxAge: (180 * DAY_MS) / 1000 } : false,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'NT_ERR_AUTH_RATE_LIMITED',
      message: `too many login attempts; retry in ${context.after}`,
    }),
  });
  // Made now, so that the first failed login for an unknown user is not slower than the others.
  await decoyHash();
  app.decorateRequest('auth', null);
  app.addHook('onRequest', authGuard(options.store));
  registerSessionRoutes(app, options.store, {
    ttlMs: options.sessionTtlMs ?? 7 * DAY_MS,
    loginLimit: options.loginLimit ?? { max: 10, windowMs: 60_000 },
  });
  registerLoginPage(app);
}
// Like fastify-plugin: the hooks and decorators apply to the whole app, not to an encapsulated child.
(authPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/**
 * Sessions, API tokens, CSRF, security headers and the login rate limit for the whole app. Register
 * it before any other route: its onRequest hook then guards every route, those added later included.
 */
export function registerAuth(app: FastifyInstance, store: Store, options: AuthOptions = {}): void {
  // Now, not in the plugin: routes declared on the app before the plugin loads must be seen too.
  collectRoutes(app);
  app.register(authPlugin, { ...options, store });
}
