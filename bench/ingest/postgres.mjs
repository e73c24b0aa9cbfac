// A throwaway PostgreSQL for the scale-out run (as test/support/postgres.ts, but durable: fsync=on,
// synchronous_commit=on, full_page_writes=on — the server defaults — so a commit the hub acks is on
// disk, like the SQLite path's synchronous=FULL). As root the binaries run as the `postgres` user.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../agent-footprint/proc.mjs';

export function postgresBinDir() {
  if (process.env.NODETALLY_PG_BIN) return process.env.NODETALLY_PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

export const postgresSettings = [
  'fsync=on',
  'synchronous_commit=on',
  'max_connections=200',
  'shared_buffers=256MB',
];

export async function startPostgres(database = 'nodetally_bench') {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL server in /usr/lib/postgresql/*/bin (apt-get install postgresql)');
  // Its own temp dir: the postgres user must be able to reach it.
  const dir = mkdtempSync(join(tmpdir(), 'nt-bench-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const pgRun = (tool, args) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe' });
  const port = await freePort();
  pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  const options = [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`]
    .concat(postgresSettings.map((s) => `-c ${s}`))
    .join(' ');
  pgRun('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'server.log'), '-o', options]);
  const urlOf = (db) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  const version = (await admin.query('SHOW server_version')).rows[0].server_version;
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  return {
    url: urlOf(database),
    version,
    pid: Number(execFileSync('head', ['-1', join(data, 'postmaster.pid')], { encoding: 'utf8' }).trim()),
    async count(sql) {
      const client = new pg.Client({ connectionString: urlOf(database) });
      await client.connect();
      try {
        return Number((await client.query(sql)).rows[0].n);
      } finally {
        await client.end();
      }
    },
    stop() {
      try {
        pgRun('pg_ctl', ['stop', '-m', 'fast', '-D', data]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
