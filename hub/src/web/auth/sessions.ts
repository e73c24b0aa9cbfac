import type { SessionRecord } from '../../store/auth-types.js';
import type { Store } from '../../store/types.js';
import { randomSecret, sha256 } from './secrets.js';

export const SESSION_COOKIE = 'nodetally_session';

export interface NewSession {
  /** The cookie value; the database holds only its SHA-256. */
  cookie: string;
  record: SessionRecord;
}

export async function startSession(
  store: Store,
  username: string,
  ttlMs: number,
  nowMs = Date.now(),
): Promise<NewSession> {
  const cookie = randomSecret();
  const record: SessionRecord = {
    token_hash: sha256(cookie),
    username,
    csrf_token: randomSecret(),
    created_ms: nowMs,
    expires_ms: nowMs + ttlMs,
  };
  await store.createSession(record);
  return { cookie, record };
}

export async function findSession(store: Store, cookie: string, nowMs = Date.now()) {
  if (cookie.length === 0 || cookie.length > 200) return null;
  return store.getSession(sha256(cookie), nowMs);
}

export const endSession = (store: Store, cookie: string) => store.deleteSession(sha256(cookie));
