import type { Store } from '../../store/types.js';
import { createApiToken } from '../auth/api-tokens.js';

/**
 * Headers that authenticate an `app.inject()` request as an admin API client: a real admin-scoped API
 * token, created in `store` the way `nodetally-hub tokens create --scope admin` does.
 */
export async function testAuthHeaders(store: Store): Promise<Record<string, string>> {
  const { token } = await createApiToken(store, 'test', 'admin');
  return { authorization: `Bearer ${token}` };
}
