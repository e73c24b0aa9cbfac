import type Database from 'better-sqlite3';
import type { ApiTokenRecord, AuthStore, SessionRecord, UserRecord } from '../auth-types.js';

const TOKEN_COLUMNS = 'id, name, scope, token_hash, created_ms, revoked_ms';

/** Users, sessions and API tokens in SQLite. */
export function sqliteAuthStore(db: Database.Database): AuthStore {
  const countUsers = db.prepare('SELECT count(*) FROM users').pluck();
  const createUser = db.prepare(`INSERT INTO users (username, password_hash, created_ms, updated_ms)
    VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING`);
  const getUser = db.prepare(
    'SELECT username, password_hash, created_ms, updated_ms FROM users WHERE username = ?',
  );
  const setPassword = db.prepare('UPDATE users SET password_hash = ?, updated_ms = ? WHERE username = ?');
  const deleteUserSessions = db.prepare('DELETE FROM sessions WHERE username = ?');
  const createSession =
    db.prepare(`INSERT INTO sessions (token_hash, username, csrf_token, created_ms, expires_ms)
    VALUES (@token_hash, @username, @csrf_token, @created_ms, @expires_ms)`);
  const getSession = db.prepare(`SELECT token_hash, username, csrf_token, created_ms, expires_ms
    FROM sessions WHERE token_hash = ? AND expires_ms > ?`);
  const deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_ms <= ?');
  const createToken = db.prepare(`INSERT INTO api_tokens (id, name, scope, token_hash, created_ms)
    VALUES (@id, @name, @scope, @token_hash, @created_ms)`);
  const getToken = db.prepare(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ? AND revoked_ms IS NULL`,
  );
  const listTokens = db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_ms, id`);
  const revokeToken = db.prepare('UPDATE api_tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL');
  const changePassword = db.transaction((username: string, hash: string, now: number) => {
    if (setPassword.run(hash, now, username).changes !== 1) return false;
    deleteUserSessions.run(username);
    return true;
  });

  return {
    async countUsers() {
      return countUsers.get() as number;
    },
    async createUser(username, passwordHash, now) {
      return createUser.run(username, passwordHash, now, now).changes === 1;
    },
    async getUser(username) {
      return (getUser.get(username) as UserRecord | undefined) ?? null;
    },
    async setPassword(username, passwordHash, now) {
      return changePassword(username, passwordHash, now);
    },
    async createSession(session) {
      createSession.run(session);
    },
    async getSession(tokenHash, now) {
      return (getSession.get(tokenHash, now) as SessionRecord | undefined) ?? null;
    },
    async deleteSession(tokenHash) {
      deleteSession.run(tokenHash);
    },
    async deleteExpiredSessions(now) {
      return deleteExpired.run(now).changes;
    },
    async createApiToken(token) {
      createToken.run(token);
    },
    async getApiToken(tokenHash) {
      return (getToken.get(tokenHash) as ApiTokenRecord | undefined) ?? null;
    },
    async listApiTokens() {
      return listTokens.all() as ApiTokenRecord[];
    },
    async revokeApiToken(id, now) {
      return revokeToken.run(now, id).changes === 1;
    },
  };
}
