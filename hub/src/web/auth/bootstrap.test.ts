import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { adminCommand, takeAuthFlags } from '../../commands/admin.js';
import { hubConfig } from '../../config.js';
import { databasePath } from '../../hub.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { findApiToken } from './api-tokens.js';
import { ensureAdminUser, initialPasswordFile } from './bootstrap.js';
import { verifyPassword } from './passwords.js';

const log = pino({ level: 'silent' });
const stores: Store[] = [];
const openStore = (dataDir: string) => {
  const store = openSqliteStore(databasePath(dataDir));
  stores.push(store);
  return store;
};
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe('the first admin', () => {
  it('gets a random password, written once to initial-admin-password with mode 0600', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nt-bootstrap-'));
    const store = openStore(dataDir);
    await ensureAdminUser(store, { dataDir }, log);
    const file = initialPasswordFile(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const user = await store.getUser('admin');
    expect(await verifyPassword(password, user?.password_hash ?? '')).toBe(true);
    expect(await verifyPassword(`${password}x`, user?.password_hash ?? '')).toBe(false);
    // A restart does not make another one.
    await ensureAdminUser(store, { dataDir }, log);
    expect(readFileSync(file, 'utf8').trim()).toBe(password);
    expect(await store.countUsers()).toBe(1);
  });

  it('takes adminPassword from the config and writes no file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nt-bootstrap-'));
    const store = openStore(dataDir);
    await ensureAdminUser(store, { dataDir, adminPassword: 'configured-secret' }, log);
    expect(existsSync(initialPasswordFile(dataDir))).toBe(false);
    const user = await store.getUser('admin');
    expect(await verifyPassword('configured-secret', user?.password_hash ?? '')).toBe(true);
  });
});

describe('nodetally-hub admin / tokens (the command functions)', () => {
  const run = async (dataDir: string, argv: string[]) => {
    const lines: string[] = [];
    const { flags, rest } = takeAuthFlags(argv);
    const json = rest.includes('--json');
    const positionals = rest.filter((a) => a !== '--json');
    const code = await adminCommand(hubConfig({ dataDir }), positionals, flags, json, (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  };

  it('creates, lists and revokes API tokens; the secret is printed once and stored hashed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nt-tokens-'));
    const created = await run(dataDir, ['tokens', 'create', '--name', 'grafana', '--scope=read', '--json']);
    expect(created.code).toBe(0);
    const issued = JSON.parse(created.out) as { id: string; token: string; scope: string };
    expect(issued.scope).toBe('read');
    expect(issued.token).toMatch(/^ntk_/);
    const listed = await run(dataDir, ['tokens', 'list', '--json']);
    expect(listed.out).not.toContain(issued.token);
    expect(JSON.parse(listed.out)).toEqual([
      expect.objectContaining({ id: issued.id, name: 'grafana', scope: 'read' }),
    ]);
    expect(await findApiToken(openStore(dataDir), issued.token)).not.toBeNull();
    expect((await run(dataDir, ['tokens', 'revoke', issued.id])).code).toBe(0);
    expect((await run(dataDir, ['tokens', 'revoke', issued.id])).code).toBe(1);
    expect(await findApiToken(openStore(dataDir), issued.token)).toBeNull();
    await expect(run(dataDir, ['tokens', 'create', '--name', 'x', '--scope', 'root'])).rejects.toThrow(
      /usage/,
    );
  });

  it('set-password replaces the admin password (or creates the user)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nt-setpw-'));
    expect((await run(dataDir, ['admin', 'set-password', '--password', 'first-password'])).out).toContain(
      'created user admin',
    );
    expect((await run(dataDir, ['admin', 'set-password', '--password', 'second-password'])).code).toBe(0);
    const user = await openStore(dataDir).getUser('admin');
    expect(await verifyPassword('second-password', user?.password_hash ?? '')).toBe(true);
    await expect(run(dataDir, ['admin', 'set-password', '--password', 'short'])).rejects.toThrow(
      /8 characters/,
    );
  });
});
