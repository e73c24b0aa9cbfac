import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import Database from 'better-sqlite3';
import { databasePath } from '../hub.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { MIGRATIONS } from '../store/sqlite/migrations.js';
import type { StoreSettings } from './store.js';

export const BACKUP_USAGE = `  nodetally-hub backup <file>                      online backup of the database (safe while the hub runs)
  nodetally-hub restore <file>                     replace the database with a backup (the hub must be stopped)`;

type Out = (line: string) => void;

export interface BackupSummary {
  file: string;
  bytes: number;
  schema_version: number;
  rows: Record<string, number>;
}

/** Every user table and its row count: what a backup holds, printed so an operator can check it. */
function summarize(db: Database.Database, file: string): BackupSummary {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const rows: Record<string, number> = {};
  for (const table of tables) {
    rows[table] = db
      .prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`)
      .pluck()
      .get() as number;
  }
  return {
    file,
    bytes: statSync(file).size,
    schema_version: db.pragma('user_version', { simple: true }) as number,
    rows,
  };
}

/** Opens a backup read-only and checks it is a whole nodetally database this hub can use. */
function checkBackup(file: string): BackupSummary {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (cause) {
    throw new NodetallyError(ErrorCodes.STORE_BACKUP, `cannot open ${file}: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      throw new NodetallyError(
        ErrorCodes.STORE_BACKUP,
        `${file} fails SQLite's integrity check: ${integrity}`,
      );
    }
    const summary = summarize(db, file);
    if (!('devices' in summary.rows) || !('samples' in summary.rows)) {
      throw new NodetallyError(ErrorCodes.STORE_BACKUP, `${file} is not a nodetally hub database`);
    }
    if (summary.schema_version > MIGRATIONS.length) {
      throw new NodetallyError(
        ErrorCodes.STORE_SCHEMA,
        `${file} has schema v${summary.schema_version}, newer than this hub (v${MIGRATIONS.length}); upgrade the hub first`,
      );
    }
    return summary;
  } catch (error) {
    if (error instanceof NodetallyError) throw error;
    throw new NodetallyError(ErrorCodes.STORE_BACKUP, `${file} is not a readable SQLite database`, {
      cause: error,
    });
  } finally {
    db.close();
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Online backup with `VACUUM INTO`: one read transaction, so the copy is a consistent snapshot of the
 * moment it started (WAL lets the hub keep writing meanwhile), compacted, and never restarted by
 * those writes the way the page-by-page backup API can be. Written beside the target and renamed into
 * place, so a crash leaves either the old backup or the new one.
 */
export function backupDatabase(databaseFile: string, target: string): BackupSummary {
  if (!existsSync(databaseFile)) {
    throw new NodetallyError(ErrorCodes.STORE_BACKUP, `no database at ${databaseFile} (check --data-dir)`);
  }
  const file = resolve(target);
  if (file === resolve(databaseFile) || file.startsWith(`${resolve(databaseFile)}-`)) {
    throw new NodetallyError(ErrorCodes.STORE_BACKUP, 'the backup file must not be the database itself');
  }
  const partial = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  rmSync(partial, { force: true });
  const source = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    source.prepare('VACUUM INTO ?').run(partial);
  } catch (cause) {
    rmSync(partial, { force: true });
    throw new NodetallyError(ErrorCodes.STORE_BACKUP, `backup failed: ${(cause as Error).message}`, {
      cause,
    });
  } finally {
    source.close();
  }
  try {
    // Credentials' hashes are in it: readable by the hub's user only, like the database.
    chmodSync(partial, 0o600);
    fsyncPath(partial);
    checkBackup(partial);
    renameSync(partial, file);
    fsyncPath(dirname(file));
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return checkBackup(file);
}

/**
 * Any open SQLite connection (a running hub, a `devices` command) holds a shared lock on the database
 * file in WAL mode; an exclusive lock is granted only when there is none. Returns whether it was free.
 */
function databaseIsIdle(databaseFile: string): boolean {
  const db = new Database(databaseFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 500');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    // Fold a crashed hub's -wal file into the database, so the .bak copy below is complete on its own.
    db.exec('COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    db.close();
  }
}

const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * Replaces the database with a checked backup. Refuses while anything has the database open (a running
 * hub); the database it replaces is kept as `nodetally.db.<UTC time>.bak`. The restored file is then
 * migrated to this hub's schema, so a backup from an older hub comes back upgraded.
 */
export async function restoreDatabase(
  databaseFile: string,
  backup: string,
  now = new Date(),
): Promise<BackupSummary & { previous: string | null }> {
  const source = resolve(backup);
  checkBackup(source);
  mkdirSync(dirname(databaseFile), { recursive: true });
  let previous: string | null = null;
  if (existsSync(databaseFile)) {
    if (!databaseIsIdle(databaseFile)) {
      throw new NodetallyError(
        ErrorCodes.STORE_IN_USE,
        `${databaseFile} is open in another process (is the hub running?): stop the hub, then restore`,
      );
    }
    previous = `${databaseFile}.${stamp(now)}.bak`;
    renameSync(databaseFile, previous);
    for (const suffix of ['-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
  }
  const partial = `${databaseFile}.restoring`;
  try {
    // Copied through SQLite (not the file system) so that the result is one self-contained file.
    const from = new Database(source, { readonly: true, fileMustExist: true });
    try {
      rmSync(partial, { force: true });
      from.prepare('VACUUM INTO ?').run(partial);
    } finally {
      from.close();
    }
    chmodSync(partial, 0o600);
    fsyncPath(partial);
    renameSync(partial, databaseFile);
    fsyncPath(dirname(databaseFile));
  } catch (cause) {
    rmSync(partial, { force: true });
    if (previous && !existsSync(databaseFile)) renameSync(previous, databaseFile);
    throw new NodetallyError(ErrorCodes.STORE_BACKUP, `restore failed: ${(cause as Error).message}`, {
      cause,
    });
  }
  // Applies any newer migrations and sets WAL mode, exactly as the hub will when it starts.
  await openSqliteStore(databaseFile).close();
  const db = new Database(databaseFile, { readonly: true });
  try {
    return { ...summarize(db, databaseFile), previous };
  } finally {
    db.close();
  }
}

const describeRows = (rows: Record<string, number>) =>
  Object.entries(rows)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');

/** `nodetally-hub backup <file>` and `nodetally-hub restore <file>`, on the database of --data-dir. */
export async function backupCommand(
  settings: StoreSettings,
  args: string[],
  json: boolean,
  out: Out,
): Promise<number> {
  const [action, file] = args;
  if ((action !== 'backup' && action !== 'restore') || !file || args.length > 2) {
    throw new NodetallyError(ErrorCodes.CONFIG_INVALID, `usage:\n${BACKUP_USAGE}`);
  }
  if (settings.databaseUrl) {
    throw new NodetallyError(
      ErrorCodes.STORE_BACKUP,
      `the hub's database is PostgreSQL (--database-url): use PostgreSQL's own tools (pg_dump and pg_restore, or base backups with WAL archiving); \`nodetally-hub ${action}\` works on the SQLite file only`,
    );
  }
  const databaseFile = databasePath(settings.dataDir);
  if (action === 'backup') {
    const summary = backupDatabase(databaseFile, file);
    out(
      json
        ? JSON.stringify(summary)
        : `backed up ${databaseFile} to ${summary.file} (${summary.bytes} bytes, schema v${summary.schema_version}; ${describeRows(summary.rows)})`,
    );
    return 0;
  }
  const summary = await restoreDatabase(databaseFile, file);
  out(
    json
      ? JSON.stringify(summary)
      : `restored ${databaseFile} from ${resolve(file)} (schema v${summary.schema_version}; ${describeRows(summary.rows)})${summary.previous ? `\nthe previous database is kept as ${summary.previous}` : ''}`,
  );
  return 0;
}
