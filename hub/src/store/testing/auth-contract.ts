import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../auth-types.js';
import type { Store } from '../types.js';

const session = (overrides: Partial<SessionRecord> = {}): SessionRecord => ({
  token_hash: 'session-hash-1',
  username: 'admin',
  csrf_token: 'csrf-1',
  created_ms: 1_000,
  expires_ms: 5_000,
  ...overrides,
});

/** Users, sessions and API tokens: part of every engine's contract (called from contract.ts). */
export function authStoreContract(engine: string, open: () => Promise<Store> | Store): void {
  describe(`auth store contract: ${engine}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates a user once; a second create of the same name is refused', async () => {
      expect(await store.countUsers()).toBe(0);
      expect(await store.getUser('admin')).toBeNull();
      expect(await store.createUser('admin', 'hash-a', 10)).toBe(true);
      expect(await store.createUser('admin', 'hash-b', 11)).toBe(false);
      expect(await store.countUsers()).toBe(1);
      expect(await store.getUser('admin')).toEqual({
        username: 'admin',
        password_hash: 'hash-a',
        created_ms: 10,
        updated_ms: 10,
      });
    });

    it('finds a session only until it expires, and deletes it on logout', async () => {
      await store.createUser('admin', 'hash', 1);
      await store.createSession(session());
      expect(await store.getSession('session-hash-1', 4_999)).toEqual(session());
      expect(await store.getSession('session-hash-1', 5_000)).toBeNull();
      expect(await store.getSession('other', 10)).toBeNull();
      await store.deleteSession('session-hash-1');
      expect(await store.getSession('session-hash-1', 10)).toBeNull();
    });

    it('sweeps expired sessions and keeps live ones', async () => {
      await store.createUser('admin', 'hash', 1);
      await store.createSession(session({ token_hash: 'old', expires_ms: 100 }));
      await store.createSession(session({ token_hash: 'live', expires_ms: 10_000 }));
      expect(await store.deleteExpiredSessions(100)).toBe(1);
      expect(await store.getSession('live', 200)).not.toBeNull();
      expect(await store.deleteExpiredSessions(100)).toBe(0);
    });

    it('a new password ends the sessions of that user only', async () => {
      await store.createUser('admin', 'hash', 1);
      await store.createUser('ops', 'hash', 1);
      await store.createSession(session({ token_hash: 'a' }));
      await store.createSession(session({ token_hash: 'o', username: 'ops' }));
      expect(await store.setPassword('admin', 'new-hash', 50)).toBe(true);
      expect(await store.setPassword('nobody', 'x', 50)).toBe(false);
      expect((await store.getUser('admin'))?.password_hash).toBe('new-hash');
      expect((await store.getUser('admin'))?.updated_ms).toBe(50);
      expect(await store.getSession('a', 10)).toBeNull();
      expect(await store.getSession('o', 10)).not.toBeNull();
    });

    it('API tokens: found by hash until revoked, listed with their scope', async () => {
      await store.createApiToken({
        id: 't1',
        name: 'grafana',
        scope: 'read',
        token_hash: 'h1',
        created_ms: 1,
      });
      await store.createApiToken({ id: 't2', name: 'ops', scope: 'admin', token_hash: 'h2', created_ms: 2 });
      expect(await store.getApiToken('h1')).toEqual({
        id: 't1',
        name: 'grafana',
        scope: 'read',
        token_hash: 'h1',
        created_ms: 1,
        revoked_ms: null,
      });
      expect(await store.revokeApiToken('t1', 9)).toBe(true);
      expect(await store.revokeApiToken('t1', 10)).toBe(false);
      expect(await store.revokeApiToken('nope', 10)).toBe(false);
      expect(await store.getApiToken('h1')).toBeNull();
      expect((await store.getApiToken('h2'))?.scope).toBe('admin');
      const listed = await store.listApiTokens();
      expect(listed.map((t) => [t.id, t.revoked_ms])).toEqual([
        ['t1', 9],
        ['t2', null],
      ]);
    });

    it('refuses a scope other than read or admin', async () => {
      await expect(
        store.createApiToken({ id: 'x', name: 'x', scope: 'root' as never, token_hash: 'hx', created_ms: 1 }),
      ).rejects.toThrow();
    });
  });
}
