#!/usr/bin/env node
import { configDocs, loadConfig, NodetallyError } from '@nodetally/shared';
import { pino } from 'pino';
import { DEVICES_USAGE, devicesCommand } from './commands/devices.js';
import { HubConfigSchema } from './config.js';
import { databasePath, startHub } from './hub.js';

const USAGE = `nodetally-hub — MQTT broker, ingest, storage and web page in one process

Usage:
  nodetally-hub [options]            run the hub
${DEVICES_USAGE}
  nodetally-hub config-docs          print every setting as a Markdown table
  nodetally-hub --help

Options (also NODETALLY_* environment variables, or a JSON file given with --config):
${configDocs(HubConfigSchema)}
`;

async function main(argv: string[]): Promise<number> {
  const { config, flags, positionals } = loadConfig(HubConfigSchema, {
    argv,
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
  if (positionals[0] === 'devices') {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    return devicesCommand(databasePath(config.dataDir), positionals.slice(1), flags.json === true, out);
  }
  if (positionals.length > 0) {
    process.stderr.write(`unknown command ${JSON.stringify(positionals[0])}\n\n${USAGE}`);
    return 2;
  }
  const log = pino({ name: 'nodetally-hub', level: config.logLevel });
  const hub = await startHub(config, log);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'stopping');
      hub.close().finally(resolve);
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof NodetallyError) process.stderr.write(`${error.code}: ${error.message}\n`);
    else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
