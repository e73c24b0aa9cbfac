import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubCli, runToEnd } from './processes.js';

/**
 * Credentials for hub PROCESSES in end-to-end tests, obtained the way a user would:
 * `nodetally-hub tokens create` on the hub's database (before or while it runs), or the password of
 * the `admin` user that the hub wrote on first start.
 */

/**
 * An API token from `nodetally-hub tokens create --json`, run with the same database settings as the
 * hub (`['--data-dir', dir]` or `['--config', file]`).
 */
export async function createHubToken(hubArgs: string[], scope: 'admin' | 'read' = 'admin'): Promise<string> {
  const result = await runToEnd(process.execPath, [
    hubCli,
    'tokens',
    'create',
    '--name',
    `e2e-${scope}`,
    '--scope',
    scope,
    '--json',
    ...hubArgs,
  ]);
  if (result.code !== 0) throw new Error(`tokens create failed (${result.code}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as { token: string }).token;
}

/** Headers of a request made with an API token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What the hub wrote to `<dataDir>/initial-admin-password` on its first start. */
export const initialAdminPassword = (dataDir: string) =>
  readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim();

export interface HubSession {
  /** `cookie` (and `x-csrf-token`, which changes need): spread into fetch headers. */
  headers: Record<string, string>;
  csrfToken: string;
}

/** Logs in with POST /api/v1/session as a browser would, keeping the session cookie. */
export async function loginToHub(base: string, password: string, username = 'admin'): Promise<HubSession> {
  const response = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login failed: HTTP ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrf_token: csrfToken } = (await response.json()) as { csrf_token: string };
  return { headers: { cookie, 'x-csrf-token': csrfToken }, csrfToken };
}

/** Logs in through the hub's own /login page in a real browser page (its cookie then stays there). */
export async function loginInBrowser(
  page: import('playwright-core').Page,
  base: string,
  password: string,
): Promise<void> {
  await page.goto(base);
  if (!new URL(page.url()).pathname.startsWith('/login')) throw new Error(`no login page at ${page.url()}`);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button')]);
}
