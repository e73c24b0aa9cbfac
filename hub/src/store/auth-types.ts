/** A person who logs in to the web page. Every user is an administrator (one role for now). */
export interface UserRecord {
  username: string;
  /** `scrypt$N$r$p$<salt>$<hash>` (web/auth/passwords.ts). */
  password_hash: string;
  created_ms: number;
  updated_ms: number;
}

/** A login: the cookie's token is stored only as its SHA-256, with the CSRF token and an expiry. */
export interface SessionRecord {
  token_hash: string;
  username: string;
  csrf_token: string;
  created_ms: number;
  expires_ms: number;
}

export type ApiTokenScope = 'read' | 'admin';

/** A Bearer token for scripts and Prometheus: stored as SHA-256, shown once when created. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  scope: ApiTokenScope;
  token_hash: string;
  created_ms: number;
  revoked_ms: number | null;
}

/** Users, sessions and API tokens of the web app; part of every store engine's contract. */
export interface AuthStore {
  countUsers(): Promise<number>;
  /** False when the username is taken (two hub workers creating the first admin at once). */
  createUser(username: string, passwordHash: string, nowMs: number): Promise<boolean>;
  getUser(username: string): Promise<UserRecord | null>;
  /** Sets a new hash and ends the user's sessions; false when there is no such user. */
  setPassword(username: string, passwordHash: string, nowMs: number): Promise<boolean>;
  createSession(session: SessionRecord): Promise<void>;
  /** The session if it exists and expires after `nowMs`. */
  getSession(tokenHash: string, nowMs: number): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Removes sessions that expired at or before `nowMs`; how many. */
  deleteExpiredSessions(nowMs: number): Promise<number>;
  createApiToken(token: Omit<ApiTokenRecord, 'revoked_ms'>): Promise<void>;
  /** The unrevoked token with this hash. */
  getApiToken(tokenHash: string): Promise<ApiTokenRecord | null>;
  /** Every token, revoked ones too, oldest first. */
  listApiTokens(): Promise<ApiTokenRecord[]>;
  /** False when there is no such token or it was already revoked. */
  revokeApiToken(id: string, nowMs: number): Promise<boolean>;
}
