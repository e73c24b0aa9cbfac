#!/usr/bin/env node
import { configDocs, loadConfig, runCli, untilSignal } from '@nodetally/shared';
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
    await untilSignal((signal) => {
      log.info({ signal }, 'stopping');
      return agent.stop();
    });
    return 0;
  }
  process.stderr.write(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}

runCli(main);
