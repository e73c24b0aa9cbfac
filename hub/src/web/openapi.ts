import { readFileSync } from 'node:fs';
import { fastifySwagger } from '@fastify/swagger';
import { type FastifySwaggerUiOptions, fastifySwaggerUi } from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { isPublicRoute } from './auth/public-routes.js';
import { SESSION_COOKIE } from './auth/sessions.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PREFIX = '/api/docs';

/**
 * The docs page's own policy, stricter than a page needs to be: Swagger UI's HTML loads every script
 * and style from its package (static/csp.json lists no inline hashes), so nothing inline is allowed.
 * Swagger UI's onSend hook sets it on its routes, after any app-wide header.
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
].join('; ');

const routesSeen = new WeakMap<FastifyInstance, RouteOptions[]>();

/** Every route added to `app` after `registerOpenApi` (HEAD twins left out), for tests and checks. */
export function registeredRoutes(app: FastifyInstance): readonly RouteOptions[] {
  return routesSeen.get(app) ?? [];
}

/**
 * The OpenAPI 3.1 document at GET /api/openapi.json and Swagger UI at /api/docs. Call it before any
 * route is added: @fastify/swagger collects routes with an onRoute hook, which fastify runs when a
 * route is declared. `build()` is synchronous and declares its routes right away, so the plugin's
 * setup (synchronous in dynamic mode: two hooks and a decorator) is applied directly instead of
 * through `app.register`, which would only run it at `ready()`, after the routes.
 */
export function registerOpenApi(app: FastifyInstance): void {
  const seen: RouteOptions[] = [];
  routesSeen.set(app, seen);
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') seen.push(route);
  });
  fastifySwagger(
    app,
    {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'nodetally hub API',
          version,
          description:
            'What each DePIN device earns after electricity: devices, telemetry, rewards, earnings and alerts. ' +
            'Every route needs a session cookie (browser, plus x-csrf-token on changes) or an API token ' +
            'sent as `Authorization: Bearer <token>`, except those marked with no security.',
        },
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'API token (nodetally-hub tokens create)',
            },
            sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          },
        },
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
      },
      hideUntagged: false,
      // Public routes (the auth guard's allowlist) say so in the document: no security.
      transform: ({ schema, url, route }) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        const open = methods.every((m) => isPublicRoute(m, url));
        return { schema: open ? { ...schema, security: [] } : schema, url };
      },
    },
    (error) => {
      if (error) throw error;
    },
  );
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
  // Wrapped: the plugin's own metadata demands '@fastify/swagger' registered by name, which the
  // direct setup above is not. Encapsulated, so its CSP hook only touches the docs routes.
  // Its types say callback plugin; the code is an async one, so its promise is what to wait for.
  const swaggerUi = fastifySwaggerUi as unknown as (
    docs: FastifyInstance,
    options: FastifySwaggerUiOptions,
  ) => Promise<void>;
  app.register(async (docs) =>
    swaggerUi(docs, {
      routePrefix: DOCS_PREFIX,
      staticCSP: DOCS_CSP,
      // No top bar: its logo is an SVG with an inline <style>, which DOCS_CSP refuses.
      uiConfig: { deepLinking: true, layout: 'BaseLayout' },
      theme: { title: 'nodetally hub API' },
    }),
  );
}
