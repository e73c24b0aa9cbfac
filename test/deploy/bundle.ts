import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../support/processes.js';

/** Builds the one-file agent into `dir` with the same script as `pnpm run bundle:agent`; returns its path. */
export async function buildBundle(dir: string): Promise<string> {
  const outfile = join(dir, 'nodetally-agent.mjs');
  await promisify(execFile)(process.execPath, [
    join(repoRoot, 'deploy/agent-bundle/build.mjs'),
    '--outfile',
    outfile,
  ]);
  return outfile;
}
