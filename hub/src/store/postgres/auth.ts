import type pg from 'pg';
import type { ApiTokenRecord, AuthStore, SessionRecord, UserRecord } from '../auth-types.js';
import { inTransaction } from './db.js';

const TOKEN_COLUMNS = 'id, name, scope, token_hash, created_ms, revoked_ms';

/** Users, sessions and API tokens in PostgreSQL; same results as SQLite. */
export function postgresAuthStore(pool: pg.Pool): AuthStore {
  return {
    async countUsers() {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*) AS n FROM users');
      return rows[0]?.n ?? 0;
    },
    async createUser(username, passwordHash, now) {
      const result = await pool.query(
        `INSERT INTO users (username, password_hash, created_ms, updated_ms) VALUES ($1, $2, $3, $3)
         ON CONFLICT (username) DO NOTHING`,
        [username, passwordHash, now],
      );
      return result.rowCount === 1;
    },
    async getUser(username) {
      const { rows } = await pool.query<UserRecord>(
        'SELECT username, password_hash, created_ms, updated_ms FROM users WHERE username = $1',
        [username],
      );
      return rows[0] ?? null;
    },
    setPassword: (username, passwordHash, now) =>
      inTransaction(pool, async (client) => {
        const updated = await client.query(
          'UPDATE users SET password_hash = $2, updated_ms = $3 WHERE username = $1',
          [username, passwordHash, now],
        );
        if (updated.rowCount !== 1) return false;
        await client.query('DELETE FROM sessions WHERE username = $1', [username]);
        return true;
      }),
    async createSession(s) {
      await pool.query(
        `INSERT INTO sessions (token_hash, username, csrf_token, created_ms, expires_ms)
         VALUES ($1, $2, $3, $4, $5)`,
        [s.token_hash, s.username, s.csrf_token, s.created_ms, s.expires_ms],
      );
    },
    async getSession(tokenHash, now) {
      const { rows } = await pool.query<SessionRecord>(
        `SELECT token_hash, username, csrf_token, created_ms, expires_ms
         FROM sessions WHERE token_hash = $1 AND expires_ms > $2`,
        [tokenHash, now],
      );
      return rows[0] ?? null;
    },
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async deleteExpiredSessions(now) {
      return (await pool.query('DELETE FROM sessions WHERE expires_ms <= $1', [now])).rowCount ?? 0;
    },
    async createApiToken(t) {
      await pool.query(
        'INSERT INTO api_tokens (id, name, scope, token_hash, created_ms) VALUES ($1, $2, $3, $4, $5)',
        [t.id, t.name, t.scope, t.token_hash, t.created_ms],
      );
    },
    async getApiToken(tokenHash) {
      const { rows } = await pool.query<ApiTokenRecord>(
        `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_ms IS NULL`,
        [tokenHash],
      );
      return rows[0] ?? null;
    },
    async listApiTokens() {
      const { rows } = await pool.query<ApiTokenRecord>(
        `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_ms, id COLLATE "C"`,
      );
      return rows;
    },
    async revokeApiToken(id, now) {
      const result = await pool.query(
        'UPDATE api_tokens SET revoked_ms = $2 WHERE id = $1 AND revoked_ms IS NULL',
        [id, now],
      );
      return result.rowCount === 1;
    },
  };
}
