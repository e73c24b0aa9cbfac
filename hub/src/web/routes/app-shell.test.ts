import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../app.js';
import { IngestCounters } from '../../ingest/counters.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { testAuthHeaders } from '../testing/auth.js';
import { registerAppShell } from './app-shell.js';

function builtDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nt-web-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'app-ABC123.js'), 'console.log("app")');
  writeFileSync(join(dir, 'app-DEF456.css'), 'body{}');
  writeFileSync(join(dir, 'theme-X1.js'), '');
  writeFileSync(join(dir, 'secret.txt'), 'not an asset');
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ 'app.js': 'app-ABC123.js', 'app.css': 'app-DEF456.css', 'theme.js': 'theme-X1.js' }),
  );
  return dir;
}

describe('app shell and assets', () => {
  it('serves the same shell at every page path, with hashed assets and no inline script', async () => {
    const app = Fastify();
    registerAppShell(app, { dir: builtDir() });
    for (const url of ['/', '/devices/rig-1', '/earnings', '/alerts', '/settings']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<script type="module" src="/assets/app-ABC123.js"></script>');
      expect(res.body).toContain('<link rel="stylesheet" href="/assets/app-DEF456.css">');
      expect(res.body).not.toMatch(/<script>|<style|style="/);
    }
    const js = await app.inject('/assets/app-ABC123.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await app.inject('/assets/app-DEF456.css')).headers['content-type']).toContain('text/css');
    // Only what the manifest names: no other file of the folder, no path tricks.
    expect((await app.inject('/assets/secret.txt')).statusCode).toBe(404);
    expect((await app.inject('/assets/manifest.json')).statusCode).toBe(404);
    expect((await app.inject('/assets/..%2Fmanifest.json')).statusCode).toBe(400);
    await app.close();
  });

  it('says how to build the page when it has not been built', async () => {
    const app = Fastify();
    registerAppShell(app, { dir: mkdtempSync(join(tmpdir(), 'nt-web-empty-')) });
    const res = await app.inject('/');
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('pnpm run build');
    await app.close();
  });
});

describe('POST /api/v1/enroll-tokens', () => {
  let store: Store;
  let app: ReturnType<typeof build>;
  beforeEach(() => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-enroll-')), 'db.sqlite'));
    app = build({ store, counters: new IngestCounters() });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('issues a one-time token whose install command enrolls exactly one device', async () => {
    const headers = { ...(await testAuthHeaders(store)), host: 'hub.lan:8080' };
    const res = await app.inject({ method: 'POST', url: '/api/v1/enroll-tokens', headers, payload: {} });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { token: string; expires_ms: number; command: string };
    expect(body.command).toBe(
      `curl -fsSL http://hub.lan:8080/install.sh | sudo sh -s -- --token ${body.token}`,
    );
    expect(body.expires_ms).toBeGreaterThan(Date.now() + 3_500_000);
    const enroll = (name: string) =>
      app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { token: body.token, name } });
    expect((await enroll('Garage rig')).statusCode).toBe(201);
    expect((await enroll('Second rig')).statusCode).toBe(403);
  });

  it('refuses a Host header that cannot go into a shell line', async () => {
    const headers = { ...(await testAuthHeaders(store)), host: 'evil;rm -rf' };
    const res = await app.inject({ method: 'POST', url: '/api/v1/enroll-tokens', headers, payload: {} });
    expect(res.statusCode).toBe(400);
  });
});
