import { createInterface } from 'node:readline';
import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import type { HubConfig } from '../config.js';
import { databasePath } from '../hub.js';
import type { ApiTokenScope } from '../store/auth-types.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/types.js';
import { createApiToken } from '../web/auth/api-tokens.js';
import { ADMIN_USER } from '../web/auth/bootstrap.js';
import { hashPassword } from '../web/auth/passwords.js';

export const ADMIN_USAGE = `  nodetally-hub admin set-password [<user>] [--password <p>]   new web password (else read from stdin); ends its sessions
  nodetally-hub tokens create --name <name> [--scope read|admin] an API token for scripts (shown once)
  nodetally-hub tokens list                                     every API token, revoked ones too
  nodetally-hub tokens revoke <id>                              refuse a token from now on`;

export interface AuthFlags {
  password?: string;
  name?: string;
  scope?: string;
}

const FLAGS = ['password', 'name', 'scope'] as const;

/** Takes --password/--name/--scope (and --x=v) out of argv before the config parser sees them. */
export function takeAuthFlags(argv: readonly string[]): { flags: AuthFlags; rest: string[] } {
  const flags: AuthFlags = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const flag = FLAGS.find((f) => arg === `--${f}` || arg.startsWith(`--${f}=`));
    if (!flag) rest.push(arg);
    else flags[flag] = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
  }
  return { flags, rest };
}

type Out = (line: string) => void;

const usage = () => new NodetallyError(ErrorCodes.CONFIG_INVALID, `usage:\n${ADMIN_USAGE}`);

/** The first line of stdin: `echo "$PW" | nodetally-hub admin set-password`, or typed at the prompt. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('new password: ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function setPassword(store: Store, user: string, flags: AuthFlags, out: Out): Promise<number> {
  const password = flags.password ?? (await readStdin());
  if (password.length < 8)
    throw new NodetallyError(ErrorCodes.CONFIG_INVALID, 'a password needs 8 characters or more');
  const hash = await hashPassword(password);
  if (await store.setPassword(user, hash, Date.now()))
    out(`new password set for ${user}; its sessions ended`);
  else if (await store.createUser(user, hash, Date.now())) out(`created user ${user}`);
  else return 1;
  return 0;
}

async function tokens(store: Store, args: string[], flags: AuthFlags, json: boolean, out: Out) {
  const [action, id] = args;
  if (action === 'create') {
    const scope = (flags.scope ?? 'read') as ApiTokenScope;
    if (!flags.name || (scope !== 'read' && scope !== 'admin')) throw usage();
    const issued = await createApiToken(store, flags.name, scope);
    out(
      json
        ? JSON.stringify(issued)
        : `id:    ${issued.id}\nscope: ${issued.scope}\ntoken: ${issued.token}\n\n(shown once) use it as: Authorization: Bearer ${issued.token}`,
    );
    return 0;
  }
  if (action === 'list') {
    const list = (await store.listApiTokens()).map(({ token_hash: _hash, ...rest }) => rest);
    if (json) out(JSON.stringify(list));
    else
      for (const t of list)
        out(`${t.id}\t${t.name}\t${t.scope}\t${t.revoked_ms === null ? 'active' : 'revoked'}`);
    return 0;
  }
  if (action === 'revoke' && id) {
    const revoked = await store.revokeApiToken(id, Date.now());
    out(revoked ? `revoked ${id}` : `no active token ${id}`);
    return revoked ? 0 : 1;
  }
  throw usage();
}

/** `nodetally-hub admin …` and `tokens …`, on the hub's own database (SQLite or PostgreSQL). */
export async function adminCommand(
  config: HubConfig,
  positionals: string[],
  flags: AuthFlags,
  json: boolean,
  out: Out,
): Promise<number> {
  const [command, ...args] = positionals;
  const store = config.databaseUrl
    ? await openPostgresStore({ connectionString: config.databaseUrl })
    : openSqliteStore(databasePath(config.dataDir));
  try {
    if (command === 'admin' && args[0] === 'set-password')
      return await setPassword(store, args[1] ?? ADMIN_USER, flags, out);
    if (command === 'tokens') return await tokens(store, args, flags, json, out);
    throw usage();
  } finally {
    await store.close();
  }
}
