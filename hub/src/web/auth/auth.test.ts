import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../app.js';
import { IngestCounters } from '../../ingest/counters.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { createApiToken } from './api-tokens.js';
import { type AuthOptions, guardedRoutes, isPublicRoute } from './index.js';
import { hashPassword } from './passwords.js';
import { SESSION_COOKIE, startSession } from './sessions.js';

const PASSWORD = 'correct horse battery';

let store: Store;
let app: FastifyInstance;
// scrypt is slow on purpose: hash the test password once for the file.
let passwordHash: Promise<string> | undefined;

async function open(auth: AuthOptions = {}) {
  store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-auth-')), 'nodetally.db'));
  passwordHash ??= hashPassword(PASSWORD);
  await store.createUser('admin', await passwordHash, Date.now());
  app = build({ store, counters: new IngestCounters(), auth });
  await app.ready();
}

const login = (password = PASSWORD, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'admin', password }, headers });

const sessionCookie = (response: LightMyRequestResponse) => {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie');
  return cookie;
};

async function loggedIn() {
  const response = await login();
  expect(response.statusCode).toBe(200);
  return { cookie: `${SESSION_COOKIE}=${sessionCookie(response).value}`, csrf: response.json().csrf_token };
}

afterEach(async () => {
  await app.close();
  await store.close();
});

describe('every route but the public ones needs a login', () => {
  beforeEach(() => open());

  it('walks every registered route: 401 without credentials, except the allowlist', async () => {
    const routes = guardedRoutes(app);
    const urls = routes.map((r) => r.url);
    for (const known of ['/', '/metrics', '/api/v1/devices', '/api/v1/ingest', '/api/v1/session'])
      expect(urls).toContain(known);
    const refused: string[] = [];
    const served: string[] = [];
    for (const { method, url } of routes) {
      if (method === 'OPTIONS') continue;
      const path = url.replace(/:[A-Za-z_]+/g, 'x').replace(/\*$/, 'x');
      const response = await app.inject({
        method: method as 'GET',
        url: path,
        headers: { accept: 'application/json' },
      });
      if (isPublicRoute(method, url)) {
        expect(response.statusCode, `${method} ${url}`).not.toBe(401);
        served.push(`${method} ${url}`);
      } else {
        expect(response.statusCode, `${method} ${url}`).toBe(401);
        if (method !== 'HEAD')
          expect(response.json(), `${method} ${url}`).toMatchObject({ error: 'NT_ERR_AUTH_REQUIRED' });
        refused.push(`${method} ${url}`);
      }
    }
    expect(served).toEqual(expect.arrayContaining(['GET /healthz', 'POST /api/v1/enroll', 'GET /login']));
    expect(refused).toEqual(expect.arrayContaining(['GET /metrics', 'GET /', 'GET /api/v1/session']));
  });

  it('an unknown path is refused too, so 404s tell a stranger nothing', async () => {
    expect((await app.inject('/api/v1/nope')).statusCode).toBe(401);
  });

  it('a page asked for by a browser redirects to the login with next=', async () => {
    const response = await app.inject({ url: '/?view=fleet', headers: { accept: 'text/html,*/*' } });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login?next=%2F%3Fview%3Dfleet');
    // A script asking for JSON (or anything but HTML) gets the 401 JSON.
    for (const accept of ['application/json', '*/*']) {
      const api = await app.inject({ url: '/api/v1/devices', headers: { accept } });
      expect(api.statusCode).toBe(401);
    }
    // A POST is never redirected.
    const post = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll/x',
      headers: { accept: 'text/html' },
    });
    expect(post.statusCode).toBe(401);
  });

  it('serves the login page, its script and style without a login', async () => {
    const page = await app.inject('/login');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<script src="/login/login.js"');
    expect(page.body).not.toMatch(/<script>/);
    expect((await app.inject('/login/login.js')).headers['content-type']).toContain('javascript');
    expect((await app.inject('/login/login.css')).headers['content-type']).toContain('text/css');
  });

  it('a wrong or garbled Bearer token is refused even with a valid cookie', async () => {
    const { cookie } = await loggedIn();
    for (const authorization of ['Bearer ntk_nope', 'Basic YWRtaW46eA==', 'Bearer'])
      expect(
        (await app.inject({ url: '/api/v1/devices', headers: { authorization, cookie } })).statusCode,
      ).toBe(401);
  });
});

describe('sessions', () => {
  beforeEach(() => open());

  it('a wrong password or unknown user gets the same 401', async () => {
    const wrong = await login('wrong password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'NT_ERR_AUTH_LOGIN', message: 'wrong username or password' });
    const nobody = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'nobody', password: PASSWORD },
    });
    expect(nobody.json()).toEqual(wrong.json());
    expect(wrong.cookies).toEqual([]);
  });

  it('logs in with an HttpOnly, SameSite=Lax cookie that opens the API and pages', async () => {
    const response = await login();
    const cookie = sessionCookie(response);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeUndefined(); // plain HTTP here; Secure is set on a request over HTTPS
    const headers = { cookie: `${SESSION_COOKIE}=${cookie.value}` };
    expect((await app.inject({ url: '/api/v1/devices', headers })).statusCode).toBe(200);
    // The page itself may be the web app (503 until its bundle is built): the guard let it through.
    const page = await app.inject({ url: '/', headers: { ...headers, accept: 'text/html' } });
    expect([302, 401]).not.toContain(page.statusCode);
    const me = await app.inject({ url: '/api/v1/session', headers });
    expect(me.json()).toMatchObject({ user: { username: 'admin' }, via: 'session', scope: 'admin' });
    expect(me.json().csrf_token).toBe(response.json().csrf_token);
  });

  it('the session lives in the database (hashed): another app on the same store accepts it', async () => {
    const { cookie } = await loggedIn();
    const other = build({ store, counters: new IngestCounters() });
    expect((await other.inject({ url: '/api/v1/devices', headers: { cookie } })).statusCode).toBe(200);
    await other.close();
    const raw = cookie.split('=')[1] as string;
    expect(await store.getSession(raw, Date.now())).toBeNull();
  });

  it('a change with the cookie needs the CSRF header and a same-site Origin', async () => {
    const { cookie, csrf } = await loggedIn();
    const logout = (headers: Record<string, string>) =>
      app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, ...headers } });
    const missing = await logout({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error).toBe('NT_ERR_AUTH_CSRF');
    expect((await logout({ 'x-csrf-token': 'x'.repeat(43) })).statusCode).toBe(403);
    const foreign = await logout({ 'x-csrf-token': csrf, origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().message).toContain('evil.example');
    expect((await logout({ 'x-csrf-token': csrf, referer: 'http://elsewhere/x' })).statusCode).toBe(403);
    const ok = await logout({ 'x-csrf-token': csrf, origin: 'http://localhost:80' });
    expect(ok.statusCode).toBe(204);
    expect(ok.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    // Logged out on the server: the old cookie no longer works.
    expect((await app.inject({ url: '/api/v1/devices', headers: { cookie } })).statusCode).toBe(401);
  });

  it('a login from a foreign Origin is refused', async () => {
    const response = await login(PASSWORD, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
  });

  it('an expired session is refused', async () => {
    const { cookie } = await startSession(store, 'admin', 1_000, Date.now() - 5_000);
    const response = await app.inject({
      url: '/api/v1/devices',
      headers: { cookie: `${SESSION_COOKIE}=${cookie}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it('a new password ends the sessions', async () => {
    const { cookie } = await loggedIn();
    await store.setPassword('admin', await hashPassword('another password'), Date.now());
    expect((await app.inject({ url: '/api/v1/devices', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  beforeEach(() => open());

  it('read scope may only GET; admin may change; Bearer needs no CSRF', async () => {
    const read = await createApiToken(store, 'grafana', 'read');
    const admin = await createApiToken(store, 'ops', 'admin');
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    expect((await app.inject({ url: '/api/v1/devices', headers: as(read.token) })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: as(read.token) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toBe('NT_ERR_AUTH_FORBIDDEN');
    const allowed = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: as(admin.token) });
    expect(allowed.statusCode).toBe(204);
    const me = await app.inject({ url: '/api/v1/session', headers: as(read.token) });
    expect(me.json()).toEqual({
      user: null,
      via: 'token',
      scope: 'read',
      csrf_token: null,
      expires_ms: null,
    });
  });

  it('a revoked token is refused', async () => {
    const issued = await createApiToken(store, 'old', 'admin');
    await store.revokeApiToken(issued.id, Date.now());
    const response = await app.inject({
      url: '/api/v1/devices',
      headers: { authorization: `Bearer ${issued.token}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it('stores only the SHA-256 of the token', async () => {
    const issued = await createApiToken(store, 'x', 'read');
    const [listed] = await store.listApiTokens();
    expect(listed?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(listed)).not.toContain(issued.token.slice(4));
  });
});

describe('login rate limit and security headers', () => {
  it('answers 429 with Retry-After after the allowed attempts, right password or not', async () => {
    await open({ loginLimit: { max: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await login('wrong')).statusCode).toBe(401);
    const limited = await login();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: 'NT_ERR_AUTH_RATE_LIMITED' });
    // Only the login is limited: other routes still answer.
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });

  it('sends a strict CSP and helmet headers; no HSTS or upgrade on plain HTTP', async () => {
    await open();
    const response = await app.inject('/login');
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    // Refusals carry the headers too.
    expect((await app.inject('/api/v1/devices')).headers['content-security-policy']).toBe(csp);
  });
});
