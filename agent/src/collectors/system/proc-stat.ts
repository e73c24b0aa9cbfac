export interface CpuTimes {
  busy: number;
  total: number;
}

/** Aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal (guest is in user). */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return null;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return null;
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Busy share between two readings, 0–100; null when the counters did not advance or went backwards. */
export function cpuBusyPct(previous: CpuTimes, current: CpuTimes): number | null {
  const total = current.total - previous.total;
  const busy = current.busy - previous.busy;
  if (total <= 0 || busy < 0) return null;
  return Math.min(100, Math.max(0, Math.round((busy / total) * 10_000) / 100));
}
