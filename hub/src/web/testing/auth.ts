import type { Store } from '../../store/types.js';

/**
 * Headers that authenticate an `app.inject()` request as an admin API client. Placeholder until the
 * web authentication lands (issue 8): it will create an admin-scoped API token in `store`.
 */
export async function testAuthHeaders(_store: Store): Promise<Record<string, string>> {
  return {};
}
