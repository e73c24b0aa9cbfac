import { readFile } from 'node:fs/promises';
import { loadSysinfo } from '../systeminformation.js';
import type { Collector } from '../types.js';
import { parseProcNetDev } from './proc-net-dev.js';

/** Per-interface cumulative rx/tx bytes; the hub derives rates and daily and monthly totals. */
export function createNetworkCollector(procNetDev = '/proc/net/dev'): Collector {
  const useProc = process.platform === 'linux';
  return {
    id: 'network',
    async probe() {
      if (!useProc) return { ok: true };
      try {
        await readFile(procNetDev, 'utf8');
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: `cannot read ${procNetDev}: ${(error as Error).message}` };
      }
    },
    async collect() {
      if (useProc) return { net: parseProcNetDev(await readFile(procNetDev, 'utf8')).slice(0, 64) };
      const stats = await (await loadSysinfo()).networkStats('*');
      return {
        net: stats
          .slice(0, 64)
          .map((s) => ({ iface: s.iface, rx_bytes_total: s.rx_bytes, tx_bytes_total: s.tx_bytes })),
      };
    },
  };
}
