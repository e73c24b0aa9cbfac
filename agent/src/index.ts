export { createCollectors } from './collectors/registry.js';
export type { Collector, SampleFields } from './collectors/types.js';
export { type AgentConfig, AgentConfigSchema } from './config.js';
export { sampleOnce } from './once.js';
export { runAgent } from './run.js';
export { buildSample, Sampler } from './sampler.js';
export { AgentState } from './state.js';
