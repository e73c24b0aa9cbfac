#!/usr/bin/env node
import { configDocs, loadConfig, NodetallyError } from '@nodetally/shared';
import { AgentConfigSchema } from './config.js';
import { formatDoctorReport, runDoctor } from './doctor.js';
import { createLogger } from './logger.js';
import { AGENT_VERSION } from './meta.js';
import { sampleOnce } from './once.js';
import { runAgent } from './run.js';

const USAGE = `nodetally-agent ${AGENT_VERSION}

Usage:
  nodetally-agent run [options]      sample on a schedule and publish to the hub
  nodetally-agent once [--json]      print one Sample and exit
  nodetally-agent doctor [--json]    check collectors and the hub connection (exit 1: hub not reachable)
  nodetally-agent config-docs        print every setting as a Markdown table
  nodetally-agent --version | --help

Options (also NODETALLY_* environment variables, or a JSON file given with --config):
${configDocs(AgentConfigSchema)}
`;

async function main(argv: string[]): Promise<number> {
  const { config, flags, positionals } = loadConfig(AgentConfigSchema, {
    argv,
    extraBooleanFlags: ['json', 'help', 'version'],
  });
  const command = positionals[0];
  if (flags.version) {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return 0;
  }
  if (flags.help || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined && !flags.help ? 2 : 0;
  }
  const log = createLogger(config.logLevel);

  if (command === 'config-docs') {
    process.stdout.write(`${configDocs(AgentConfigSchema)}\n`);
    return 0;
  }
  if (command === 'once') {
    const result = await sampleOnce(config, log);
    if (!result.ok) {
      process.stderr.write(`sample failed the shared schema: ${result.detail}\n`);
      return 1;
    }
    process.stdout.write(
      flags.json ? `${JSON.stringify(result.sample)}\n` : `${JSON.stringify(result.sample, null, 2)}\n`,
    );
    return 0;
  }
  if (command === 'doctor') {
    const report = await runDoctor(config, log);
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatDoctorReport(report));
    return report.hub.status === 'connected' ? 0 : 1;
  }
  if (command === 'run') {
    const agent = await runAgent(config, log);
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        log.info({ signal }, 'stopping');
        agent.stop().finally(resolve);
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    });
    return 0;
  }
  process.stderr.write(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof NodetallyError) process.stderr.write(`${error.code}: ${error.message}\n`);
    else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
