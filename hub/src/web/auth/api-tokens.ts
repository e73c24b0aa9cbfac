import { randomBytes } from 'node:crypto';
import type { ApiTokenRecord, ApiTokenScope } from '../../store/auth-types.js';
import type { Store } from '../../store/types.js';
import { randomSecret, sha256 } from './secrets.js';

/** Tokens start with `ntk_` so that secret scanners and people can tell what they are. */
const PREFIX = 'ntk_';

export interface IssuedApiToken {
  id: string;
  name: string;
  scope: ApiTokenScope;
  /** The secret itself: shown once, only its hash is stored. */
  token: string;
}

export async function createApiToken(
  store: Store,
  name: string,
  scope: ApiTokenScope,
  nowMs = Date.now(),
): Promise<IssuedApiToken> {
  const id = randomBytes(6).toString('hex');
  const token = `${PREFIX}${randomSecret()}`;
  await store.createApiToken({ id, name, scope, token_hash: sha256(token), created_ms: nowMs });
  return { id, name, scope, token };
}

/** The unrevoked token record for `Authorization: Bearer <token>`, or null. */
export async function findApiToken(store: Store, token: string): Promise<ApiTokenRecord | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  return store.getApiToken(sha256(token));
}
