import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Store } from '../../store/types.js';
import { generatePassword, hashPassword } from './passwords.js';

export const ADMIN_USER = 'admin';
export const initialPasswordFile = (dataDir: string) => join(dataDir, 'initial-admin-password');

/**
 * First start (no user yet): creates `admin` with `adminPassword`, or else a random password that is
 * logged once and written to `<dataDir>/initial-admin-password` (mode 0600), as Jenkins does.
 * Several workers starting together on one PostgreSQL: one creates the user, the others see it taken.
 */
export async function ensureAdminUser(
  store: Store,
  options: { dataDir: string; adminPassword?: string | undefined },
  log: Logger,
): Promise<void> {
  if ((await store.countUsers()) > 0) return;
  const generated = options.adminPassword === undefined;
  const password = options.adminPassword ?? generatePassword();
  if (!(await store.createUser(ADMIN_USER, await hashPassword(password), Date.now()))) return;
  if (!generated) {
    log.info({ username: ADMIN_USER }, 'created the admin user with the configured adminPassword');
    return;
  }
  const file = initialPasswordFile(options.dataDir);
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // a file left from an earlier data dir keeps its old mode otherwise
  log.warn(
    { username: ADMIN_USER, password, password_file: file },
    'created the admin user; log in with this password (also in password_file), then change it with `nodetally-hub admin set-password`',
  );
}
