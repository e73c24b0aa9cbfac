import type { HubConfig } from '../config.js';
import { databasePath } from '../hub.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/types.js';

/** What a command needs to find the hub's database: the same settings the hub itself reads. */
export type StoreSettings = Pick<HubConfig, 'dataDir' | 'databaseUrl'>;

/**
 * The database the hub uses: PostgreSQL when `databaseUrl` is set (scale-out), else the SQLite file
 * in `dataDir`. Commands go through here so that they never write a stray SQLite file next to a
 * PostgreSQL deployment.
 */
export async function openConfiguredStore(settings: StoreSettings): Promise<Store> {
  return settings.databaseUrl
    ? openPostgresStore({ connectionString: settings.databaseUrl })
    : openSqliteStore(databasePath(settings.dataDir));
}

/** Runs `work` on the configured store and closes it afterwards, also when `work` throws. */
export async function withConfiguredStore<T>(
  settings: StoreSettings,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openConfiguredStore(settings);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
