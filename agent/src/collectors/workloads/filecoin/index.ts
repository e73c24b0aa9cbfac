import { FilecoinWorkload } from '@nodetally/shared';
import { nullFields } from '../api.js';
import { reuseFor, runCli } from '../cli.js';
import type { NetworkReader, ReadOutcome } from '../types.js';
import { parseLotusMinerInfo } from './parse.js';

export interface FilecoinOptions {
  command: string;
  /** `lotus-miner info` queries the chain through the daemon; allow it longer than an HTTP call. */
  timeoutMs: number;
  reuseMs: number;
}

export function createFilecoinReader(options: FilecoinOptions): NetworkReader {
  const info = reuseFor(options.reuseMs, () => runCli(options.command, ['info'], options.timeoutMs));
  return {
    network: 'filecoin',
    async read(): Promise<ReadOutcome> {
      const result = await info();
      if (result.kind === 'absent') return { state: 'absent' };
      const parsed = result.kind === 'ok' ? parseLotusMinerInfo(result.stdout) : null;
      if (parsed)
        return { state: 'found', workload: { network: 'filecoin', running: true, source: 'cli', ...parsed } };
      return {
        state: 'found',
        // The binary is installed; a failing `info` usually means the miner process is not reachable.
        workload: { network: 'filecoin', running: false, source: 'cli', ...nullFields(FilecoinWorkload) },
        error: `lotus-miner info: ${result.kind === 'ok' ? 'unrecognised output' : result.reason}`,
      };
    },
  };
}
