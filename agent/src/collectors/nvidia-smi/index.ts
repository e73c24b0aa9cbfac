import type { Collector, SampleFields } from '../types.js';
import { CollectorFailure } from '../types.js';
import { parseQueryGpuCsv } from './csv.js';
import { ToolError, ToolRunner } from './exec.js';
import { chooseFields, FALLBACK_FIELDS, parseHelpQueryGpu } from './fields.js';

export interface NvidiaSmiOptions {
  /** The nvidia-smi executable: a name looked up on PATH or a full path. */
  path: string;
  timeoutMs: number;
}

/**
 * GPUs through `nvidia-smi --query-gpu` (one process per sample; CSV is a few hundred bytes).
 * The probe reads `--help-query-gpu` once to ask only for fields the installed driver knows.
 */
export function createNvidiaSmiCollector(options: NvidiaSmiOptions): Collector {
  const tool = new ToolRunner(options.path, options.timeoutMs);
  let fields = [...FALLBACK_FIELDS];

  return {
    id: 'nvidia-smi',
    async probe() {
      try {
        fields = chooseFields(parseHelpQueryGpu(await tool.run(['--help-query-gpu'])));
      } catch (error) {
        // Only a tool that cannot be started disables the collector; a failing driver is reported per sample.
        if (error instanceof ToolError && error.kind === 'spawn') return { ok: false, reason: error.message };
      }
      return { ok: true };
    },
    async collect(): Promise<Partial<SampleFields>> {
      try {
        const output = await tool.run([`--query-gpu=${fields.join(',')}`, '--format=csv']);
        return { gpus: parseQueryGpuCsv(output).slice(0, 64) };
      } catch (error) {
        throw new CollectorFailure((error as Error).message, { gpus: [] }, { cause: error });
      }
    },
  };
}
