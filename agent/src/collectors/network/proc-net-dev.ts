import type { NetInterfaceCounters } from '@nodetally/shared';

/**
 * Cumulative per-interface byte counters from /proc/net/dev. Columns: receive bytes is the first
 * number after `iface:`, transmit bytes the ninth. The kernel's counters are 64-bit; above 2^53
 * (8 PiB) a JS number loses exactness, so such a counter is clamped rather than reported wrong.
 */
export function parseProcNetDev(text: string): NetInterfaceCounters[] {
  const result: NetInterfaceCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const iface = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (!iface || fields.length < 16) continue;
    const rx = Number(fields[0]);
    const tx = Number(fields[8]);
    if (!Number.isFinite(rx) || !Number.isFinite(tx)) continue;
    result.push({
      iface,
      rx_bytes_total: Math.min(rx, Number.MAX_SAFE_INTEGER),
      tx_bytes_total: Math.min(tx, Number.MAX_SAFE_INTEGER),
    });
  }
  return result;
}
