import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.js';

const run = promisify(execFile);

/** The newest Debian PostgreSQL (`apt-get install postgresql`, done by .ci/run), or NODETALLY_PG_BIN. */
export function postgresBinDir(): string {
  const fromEnv = process.env.NODETALLY_PG_BIN;
  if (fromEnv) return fromEnv;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      'no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: run .ci/run, or apt-get install postgresql',
    );
  }
  return join(base, versions[0], 'bin');
}

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  /** URL of another database of the same cluster. */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster: initdb in a temp dir, listening on a free port of 127.0.0.1 and a
 * unix socket in that dir, trust auth, fsync off (nothing here must survive a crash), plus one empty
 * database. PostgreSQL refuses to run as root, so as root the binaries run as the `postgres` user.
 */
export async function startTestPostgres(database = 'nodetally_test'): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'nt-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const port = await freePort();
  const logFile = join(dir, 'server.log');
  const serverLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '');
  try {
    await pgRun('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const settings = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ];
    await pgRun('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', logFile, '-o', settings.join(' ')]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cannot start PostgreSQL from ${bin}: ${(error as Error).message}\n${serverLog()}`);
  }
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    const args = ['stop', '-m', 'immediate', '-D', data];
    try {
      if (asRoot)
        execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
      else execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test process that ends without its afterAll still takes its server down.
  process.once('exit', stopNow);
  const urlOf = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  return {
    url: urlOf(database),
    urlOf,
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}
