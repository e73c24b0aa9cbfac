import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../../test/support/postgres.js';
import { type HubConfig, hubConfig } from '../config.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { accountsCommand } from './accounts.js';
import { backupCommand } from './backup.js';
import { devicesCommand } from './devices.js';
import { mosquittoConfigCommand, PASSWORD_FILE } from './mosquitto.js';

// Scale-out users run the CLI with --database-url: every command must work on PostgreSQL and never
// create a SQLite file in the data dir.
let server: TestPostgres;
let config: HubConfig;
const output: string[] = [];
const out = (line: string) => output.push(line);
const flagsWith = (devices: string[]) => ({
  devices,
  label: undefined,
  network: undefined,
  once: false,
  rest: [],
});
const noSqlite = () => expect(readdirSync(config.dataDir)).toEqual([]);

beforeAll(async () => {
  server = await startTestPostgres('nodetally_cli');
  const dataDir = mkdtempSync(join(tmpdir(), 'nt-cli-pg-'));
  config = hubConfig({ dataDir, databaseUrl: server.url, brokerPassword: 'hub-secret' });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('hub CLI commands with --database-url (PostgreSQL)', () => {
  it('devices add / list / revoke work on PostgreSQL', async () => {
    output.length = 0;
    expect(await devicesCommand(config, ['add', 'rig one', 'rig-1'], true, out)).toBe(0);
    const credential = JSON.parse(output[0] as string);
    expect(credential.device_id).toBe('rig-1');

    const store = await openPostgresStore({ connectionString: server.url });
    try {
      expect((await store.getCredential('rig-1'))?.device_id).toBe('rig-1');
    } finally {
      await store.close();
    }
    output.length = 0;
    expect(await devicesCommand(config, ['list'], true, out)).toBe(0);
    expect(JSON.parse(output[0] as string).map((d: { device_id: string }) => d.device_id)).toContain('rig-1');
    output.length = 0;
    expect(await devicesCommand(config, ['revoke', 'rig-1'], false, out)).toBe(0);
    expect(output).toEqual(['revoked rig-1']);
    noSqlite();
  });

  it('accounts add / list work on PostgreSQL', async () => {
    output.length = 0;
    expect(
      await accountsCommand(config, ['add', 'helium', 'acct-pg-1'], flagsWith(['rig-1']), false, out),
    ).toBe(0);
    output.length = 0;
    expect(await accountsCommand(config, ['list'], flagsWith([]), true, out)).toBe(0);
    const accounts = JSON.parse(output[0] as string) as Array<{ account: string; devices: string[] }>;
    expect(accounts.find((a) => a.account === 'acct-pg-1')?.devices).toEqual(['rig-1']);
    noSqlite();
  });

  it('mosquitto-config reads the devices from PostgreSQL', async () => {
    await devicesCommand(config, ['add', 'rig two', 'rig-2'], true, () => {});
    const outDir = mkdtempSync(join(tmpdir(), 'nt-cli-mosq-'));
    expect(await mosquittoConfigCommand(config, outDir, () => {})).toBe(0);
    const users = readFileSync(join(outDir, PASSWORD_FILE), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(':')[0]);
    // rig-1 is revoked above; rig-2 and the hub's own account remain.
    expect(users).toContain('rig-2');
    expect(users).not.toContain('rig-1');
    noSqlite();
  });

  it('backup and restore refuse clearly instead of copying an unrelated SQLite file', async () => {
    const file = join(tmpdir(), `nt-cli-backup-${process.pid}.db`);
    await expect(backupCommand(config, ['backup', file], false, out)).rejects.toMatchObject({
      code: 'NT_ERR_STORE_BACKUP',
      message: expect.stringContaining('pg_dump'),
    });
    await expect(backupCommand(config, ['restore', file], false, out)).rejects.toMatchObject({
      code: 'NT_ERR_STORE_BACKUP',
    });
    expect(existsSync(file)).toBe(false);
    noSqlite();
  });
});
