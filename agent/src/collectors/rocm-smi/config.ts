import { Type } from '@sinclair/typebox';

/** Agent config keys of the rocm-smi collector; spread into AgentConfigSchema. */
export const RocmSmiConfigProperties = {
  rocmSmiPath: Type.String({
    default: 'rocm-smi',
    minLength: 1,
    description: 'rocm-smi executable (name on PATH or full path); a missing one disables AMD GPU metrics',
  }),
};
