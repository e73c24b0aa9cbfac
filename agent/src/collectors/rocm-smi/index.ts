import { ToolError, ToolRunner } from '../nvidia-smi/exec.js';
import type { Collector, SampleFields } from '../types.js';
import { CollectorFailure } from '../types.js';
import { parseRocmSmiJson } from './parse.js';

export interface RocmSmiOptions {
  /** The rocm-smi executable: a name looked up on PATH or a full path. */
  path: string;
  timeoutMs: number;
}

/** The flags of testdata/rocm-smi-mi100-rocm602.json's command that give the Gpu fields. */
export const ROCM_SMI_ARGS = [
  '-t',
  '-u',
  '-c',
  '-P',
  '-M',
  '-f',
  '--showuniqueid',
  '--showproductname',
  '--showmemuse',
  '--showmeminfo',
  'all',
  '--json',
];

export function createRocmSmiCollector(options: RocmSmiOptions): Collector {
  const tool = new ToolRunner(options.path, options.timeoutMs);
  const collect = async () => parseRocmSmiJson(await tool.run(ROCM_SMI_ARGS)).slice(0, 64);

  return {
    id: 'rocm-smi',
    async probe() {
      try {
        await collect();
      } catch (error) {
        // Only a tool that cannot be started disables the collector; a failing driver is reported per sample.
        if (error instanceof ToolError && error.kind === 'spawn') return { ok: false, reason: error.message };
      }
      return { ok: true };
    },
    async collect(): Promise<Partial<SampleFields>> {
      try {
        return { gpus: await collect() };
      } catch (error) {
        throw new CollectorFailure((error as Error).message, { gpus: [] }, { cause: error });
      }
    },
  };
}
