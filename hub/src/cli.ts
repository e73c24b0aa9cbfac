#!/usr/bin/env node
import { configDocs, loadConfig, runCli, untilSignal } from '@nodetally/shared';
import { pino } from 'pino';
import { ACCOUNTS_USAGE, accountsCommand, takeRewardFlags } from './commands/accounts.js';
import { ADMIN_USAGE, adminCommand, takeAuthFlags } from './commands/admin.js';
import { BACKUP_USAGE, backupCommand } from './commands/backup.js';
import { DEVICES_USAGE, devicesCommand } from './commands/devices.js';
import { MOSQUITTO_USAGE, mosquittoConfigCommand, takeOutFlag } from './commands/mosquitto.js';
import { REWARDS_USAGE, rewardsCommand } from './commands/rewards.js';
import { HubConfigSchema } from './config.js';
import { startHub } from './hub.js';

const USAGE = `nodetally-hub — MQTT broker, ingest, storage and web page in one process

Usage:
  nodetally-hub [options]            run the hub
${DEVICES_USAGE}
${ACCOUNTS_USAGE}
${REWARDS_USAGE}
${MOSQUITTO_USAGE}
${BACKUP_USAGE}
${ADMIN_USAGE}
  nodetally-hub config-docs          print every setting as a Markdown table
  nodetally-hub --help

Options (also NODETALLY_* environment variables, or a JSON file given with --config):
${configDocs(HubConfigSchema)}
`;

async function main(argv: string[]): Promise<number> {
  const { outDir, rest } = takeOutFlag(argv);
  const authFlags = takeAuthFlags(rest);
  const rewardFlags = takeRewardFlags(authFlags.rest);
  const { config, flags, positionals } = loadConfig(HubConfigSchema, {
    argv: rewardFlags.rest,
    extraBooleanFlags: ['help', 'json'],
  });
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals[0] === 'config-docs') {
    process.stdout.write(`${configDocs(HubConfigSchema)}\n`);
    return 0;
  }
  if (positionals[0] === 'admin' || positionals[0] === 'tokens') {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    return adminCommand(config, positionals, authFlags.flags, flags.json === true, out);
  }
  if (positionals[0] === 'devices') {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    return devicesCommand(config, positionals.slice(1), flags.json === true, out);
  }
  if (positionals[0] === 'backup' || positionals[0] === 'restore') {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    return backupCommand(config, positionals, flags.json === true, out);
  }
  if (positionals[0] === 'mosquitto-config') {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    return mosquittoConfigCommand(config, outDir, out);
  }
  if (positionals[0] === 'accounts' || positionals[0] === 'rewards') {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const [command, ...args] = positionals;
    if (command === 'accounts') return accountsCommand(config, args, rewardFlags, flags.json === true, out);
    const log = pino({ name: 'nodetally-hub', level: config.logLevel }, pino.destination(2));
    return rewardsCommand(config, args, rewardFlags, flags.json === true, out, log);
  }
  if (positionals.length > 0) {
    process.stderr.write(`unknown command ${JSON.stringify(positionals[0])}\n\n${USAGE}`);
    return 2;
  }
  const log = pino({ name: 'nodetally-hub', level: config.logLevel });
  const hub = await startHub(config, log);
  await untilSignal((signal) => {
    log.info({ signal }, 'stopping');
    return hub.close();
  });
  return 0;
}

runCli(main);
