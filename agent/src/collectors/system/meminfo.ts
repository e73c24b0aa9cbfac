export interface MemInfo {
  mem_total_bytes: number;
  mem_used_bytes: number;
  mem_available_bytes: number;
  swap_total_bytes: number;
  swap_used_bytes: number;
}

/** /proc/meminfo values are in KiB despite the `kB` label. Used = total − available, as `free` shows. */
export function parseMeminfo(text: string): MemInfo | null {
  const kib = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)/.exec(line);
    if (match) kib.set(match[1] as string, Number(match[2]));
  }
  const total = kib.get('MemTotal');
  if (total === undefined) return null;
  // Kernels before 3.14 have no MemAvailable; free + buffers + cached is the usual estimate.
  const available =
    kib.get('MemAvailable') ??
    (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0);
  const swapTotal = kib.get('SwapTotal') ?? 0;
  const swapFree = kib.get('SwapFree') ?? 0;
  return {
    mem_total_bytes: total * 1024,
    mem_available_bytes: Math.min(available, total) * 1024,
    mem_used_bytes: Math.max(0, total - available) * 1024,
    swap_total_bytes: swapTotal * 1024,
    swap_used_bytes: Math.max(0, swapTotal - swapFree) * 1024,
  };
}
