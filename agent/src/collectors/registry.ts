import type { Logger } from 'pino';
import type { AgentConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createNetworkCollector } from './network/index.js';
import { createNvidiaSmiCollector } from './nvidia-smi/index.js';
import { createPowerCollector } from './power/index.js';
import { createRaspberryPiCollector } from './raspberry-pi/index.js';
import { createRocmSmiCollector } from './rocm-smi/index.js';
import { createSystemCollector } from './system/index.js';
import type { Collector } from './types.js';
import { createWorkloadsCollector } from './workloads/index.js';

/** Adding a collector is a folder and one line here. */
export function createCollectors(
  config: AgentConfig,
  log: Logger = createLogger(config.logLevel),
): Collector[] {
  return [
    createSystemCollector(),
    createNetworkCollector(),
    createNvidiaSmiCollector({ path: config.nvidiaSmiPath, timeoutMs: config.gpuToolTimeoutMs }),
    createRocmSmiCollector({ path: config.rocmSmiPath, timeoutMs: config.gpuToolTimeoutMs }),
    createPowerCollector({
      baseW: config.powerBaseW,
      powercapRoot: config.powercapRoot,
      intervalS: config.intervalS,
    }),
    createRaspberryPiCollector(config, log),
    createWorkloadsCollector(config, log),
  ];
}
