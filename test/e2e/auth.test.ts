import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import {
  bearer,
  createHubToken,
  initialAdminPassword,
  loginInBrowser,
  loginToHub,
} from '../support/hub-auth.js';
import { freePort } from '../support/ports.js';
import { hubCli, type Running, runToEnd, startNode, stopAll } from '../support/processes.js';
import { getJson, waitFor } from '../support/wait.js';

describe('end to end: logging in to a real hub process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nt-e2e-auth-'));
  let hub: Running;
  let base: string;
  const cli = (args: string[]) => runToEnd(process.execPath, [hubCli, ...args, '--data-dir', dataDir]);

  beforeAll(async () => {
    const httpPort = await freePort();
    base = `http://127.0.0.1:${httpPort}`;
    hub = startNode(hubCli, [
      '--data-dir',
      dataDir,
      '--http-port',
      String(httpPort),
      '--mqtt-port',
      String(await freePort()),
    ]);
    await waitFor('hub /healthz', () => getJson(`${base}/healthz`), 20_000).catch((error) => {
      throw new Error(`${error}\nhub output:\n${hub.output()}`);
    });
  });
  afterAll(stopAll);

  it('first start: a random admin password in a 0600 file, announced once in the log', () => {
    const file = join(dataDir, 'initial-admin-password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(hub.output()).toContain('created the admin user');
    expect(hub.output()).toContain(initialAdminPassword(dataDir));
  });

  it('refuses strangers: API 401 JSON, pages 302 to the login; health and login stay open', async () => {
    const api = await fetch(`${base}/api/v1/devices`);
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'NT_ERR_AUTH_REQUIRED' });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const page = await fetch(`${base}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2F');
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('a session from the password file works, needs CSRF for changes, and ends with a new password', async () => {
    const session = await loginToHub(base, initialAdminPassword(dataDir));
    expect((await fetch(`${base}/api/v1/devices`, { headers: session.headers })).status).toBe(200);
    const { cookie } = session.headers as { cookie: string };
    const noCsrf = await fetch(`${base}/api/v1/session`, { method: 'DELETE', headers: { cookie } });
    expect(noCsrf.status).toBe(403);

    // The CLI, another process, changes the password: the hub's sessions end (they live in the database).
    const changed = await cli(['admin', 'set-password', '--password', 'a new admin password']);
    expect(changed.code, changed.stderr).toBe(0);
    expect((await fetch(`${base}/api/v1/devices`, { headers: session.headers })).status).toBe(401);
    await expect(loginToHub(base, initialAdminPassword(dataDir))).rejects.toThrow(/401/);
    const again = await loginToHub(base, 'a new admin password');
    const logout = await fetch(`${base}/api/v1/session`, { method: 'DELETE', headers: again.headers });
    expect(logout.status).toBe(204);
    expect((await fetch(`${base}/api/v1/devices`, { headers: again.headers })).status).toBe(401);
  });

  it('API tokens made by the CLI while the hub runs: read may GET only; revoked is refused', async () => {
    const read = await createHubToken(['--data-dir', dataDir], 'read');
    expect((await fetch(`${base}/metrics`, { headers: bearer(read) })).status).toBe(200);
    const change = await fetch(`${base}/api/v1/session`, { method: 'DELETE', headers: bearer(read) });
    expect(change.status).toBe(403);
    const listed = await cli(['tokens', 'list', '--json']);
    const [token] = JSON.parse(listed.stdout) as Array<{ id: string }>;
    expect((await cli(['tokens', 'revoke', token?.id ?? ''])).code).toBe(0);
    expect((await fetch(`${base}/metrics`, { headers: bearer(read) })).status).toBe(401);
  });

  it('the /login page works in Chromium under the CSP and returns to the page asked for', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
      });
      await page.goto(`${base}/api/docs`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('#password', 'wrong password');
      await page.click('button');
      await page.waitForFunction(() => document.getElementById('problem')?.textContent !== '');
      expect(await page.textContent('#problem')).toContain('wrong username or password');
      await loginInBrowser(page, `${base}/api/docs`, 'a new admin password');
      expect(new URL(page.url()).pathname).toMatch(/^\/api\/docs/);
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === 'nodetally_session')).toMatchObject({
        httpOnly: true,
        sameSite: 'Lax',
      });
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
