/**
 * The only routes served without a login, as `METHOD /route-pattern`. Everything else — every page,
 * `/api/v1/*`, `/metrics`, the API docs, and any route added later — needs a session or an API token.
 * - /healthz: liveness for load balancers and systemd, says nothing but "ok" and the uptime.
 * - POST /api/v1/enroll: guarded by its own one-time enrollment token.
 * - /install.sh and the agent bundle: hold no secret (the hub URL, the MQTT URL, a checksum, code).
 * - the login page, its script and style, and POST /api/v1/session (the login itself).
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /healthz',
  'POST /api/v1/enroll',
  'GET /install.sh',
  'GET /downloads/nodetally-agent.mjs',
  'GET /login',
  'GET /login/login.js',
  'GET /login/login.css',
  'POST /api/v1/session',
]);

/** `routeUrl` is the matched route's pattern (undefined for a 404): unknown paths are not public. */
export function isPublicRoute(method: string, routeUrl: string | undefined): boolean {
  if (routeUrl === undefined) return false;
  return PUBLIC_ROUTES.has(`${method === 'HEAD' ? 'GET' : method} ${routeUrl}`);
}
