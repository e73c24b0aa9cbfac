/**
 * Every numeric Sample field, with its unit and whether it is a gauge or a cumulative counter.
 * Names follow the house rule: snake_case with a unit suffix.
 */
export type MetricKind = 'gauge' | 'counter';
export type MetricUnit = 'bytes' | 'seconds' | 'percent' | 'celsius' | 'ratio';

export interface MetricInfo {
  name: string;
  unit: MetricUnit;
  kind: MetricKind;
  help: string;
}

export const SampleMetrics: readonly MetricInfo[] = [
  { name: 'uptime_s', unit: 'seconds', kind: 'counter', help: 'Seconds since boot' },
  { name: 'cpu_load_pct', unit: 'percent', kind: 'gauge', help: 'CPU busy share since the previous sample' },
  { name: 'load_avg_1m', unit: 'ratio', kind: 'gauge', help: 'Load average over 1 minute' },
  { name: 'load_avg_5m', unit: 'ratio', kind: 'gauge', help: 'Load average over 5 minutes' },
  { name: 'load_avg_15m', unit: 'ratio', kind: 'gauge', help: 'Load average over 15 minutes' },
  { name: 'mem_total_bytes', unit: 'bytes', kind: 'gauge', help: 'Physical memory' },
  { name: 'mem_used_bytes', unit: 'bytes', kind: 'gauge', help: 'Memory in use (total - available)' },
  { name: 'mem_available_bytes', unit: 'bytes', kind: 'gauge', help: 'Memory available for new work' },
  { name: 'swap_total_bytes', unit: 'bytes', kind: 'gauge', help: 'Swap size' },
  { name: 'swap_used_bytes', unit: 'bytes', kind: 'gauge', help: 'Swap in use' },
  { name: 'cpu_temp_c', unit: 'celsius', kind: 'gauge', help: 'Hottest CPU sensor' },
  { name: 'size_bytes', unit: 'bytes', kind: 'gauge', help: 'Disk: filesystem size' },
  { name: 'used_bytes', unit: 'bytes', kind: 'gauge', help: 'Disk: filesystem space in use' },
  { name: 'rx_bytes_total', unit: 'bytes', kind: 'counter', help: 'Network: bytes received since boot' },
  { name: 'tx_bytes_total', unit: 'bytes', kind: 'counter', help: 'Network: bytes sent since boot' },
];

const UNIT_SUFFIXES: Record<MetricUnit, readonly string[]> = {
  bytes: ['_bytes', '_bytes_total'],
  seconds: ['_s'],
  percent: ['_pct'],
  celsius: ['_c'],
  ratio: ['_1m', '_5m', '_15m'],
};

export function hasUnitSuffix(metric: MetricInfo): boolean {
  return UNIT_SUFFIXES[metric.unit].some((suffix) => metric.name.endsWith(suffix));
}
