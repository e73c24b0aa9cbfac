import type { Workload, WorkloadNetwork } from '@nodetally/shared';

/**
 * `absent`: the network's endpoint or tool is not on this device (connection refused, binary missing).
 * `found`: it answered; `error` is set when the answer was unusable, and the readings are then null.
 */
export type ReadOutcome = { state: 'absent' } | { state: 'found'; workload: Workload; error?: string };

/** Reads one network's own API or CLI. Container/process detection is shared, see detect.ts. */
export interface NetworkReader {
  readonly network: WorkloadNetwork;
  read(): Promise<ReadOutcome>;
}
