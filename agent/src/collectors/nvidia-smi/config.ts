import { Type } from '@sinclair/typebox';

/** Agent config keys of the nvidia-smi collector (the timeout also serves rocm-smi); spread into AgentConfigSchema. */
export const NvidiaSmiConfigProperties = {
  nvidiaSmiPath: Type.String({
    default: 'nvidia-smi',
    minLength: 1,
    description:
      'nvidia-smi executable (name on PATH or full path); a missing one disables NVIDIA GPU metrics',
  }),
  gpuToolTimeoutMs: Type.Integer({
    default: 5000,
    minimum: 100,
    maximum: 60_000,
    description: 'time limit for one nvidia-smi or rocm-smi run; a hung tool is killed',
  }),
};
