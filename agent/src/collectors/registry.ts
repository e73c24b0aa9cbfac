import { createNetworkCollector } from './network/index.js';
import { createSystemCollector } from './system/index.js';
import type { AgentConfig } from '../config.js';
import type { Collector } from './types.js';

/** Adding a collector is a folder and one line here. */
export function createCollectors(_config: AgentConfig): Collector[] {
  return [createSystemCollector(), createNetworkCollector()];
}
