import type { WorkloadNetwork, WorkloadSource } from '@nodetally/shared';
import type { ContainerSummary } from './docker.js';
import { DETECT_RULES, type DetectRule } from './patterns.js';
import type { ProcessInfo } from './procs.js';

export interface Detection {
  source: Extract<WorkloadSource, 'container' | 'process'>;
  matched: string;
}

/** What the machine runs, listed once per sample and shared by every network's detection. */
export interface RunningSet {
  containers: ContainerSummary[] | null;
  processes: ProcessInfo[] | null;
}

const any = (patterns: RegExp[] | undefined, value: string) => patterns?.some((p) => p.test(value)) ?? false;

export function detectWith(rule: DetectRule, running: RunningSet): Detection | null {
  for (const container of running.containers ?? []) {
    if (container.state !== 'running') continue;
    if (any(rule.images, container.image)) return { source: 'container', matched: container.image };
  }
  for (const proc of running.processes ?? []) {
    if (any(rule.comms, proc.comm) || any(rule.cmdlines, proc.cmdline)) {
      return { source: 'process', matched: proc.comm };
    }
  }
  return null;
}

export function detectNetwork(network: WorkloadNetwork, running: RunningSet): Detection | null {
  const rule = DETECT_RULES[network];
  return rule ? detectWith(rule, running) : null;
}
