import { createHash } from 'node:crypto';
import { readFileSync, statfsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { freemem, loadavg, totalmem, uptime } from 'node:os';
import type { DiskUsage } from '@nodetally/shared';
import { loadSysinfo } from '../systeminformation.js';
import type { Collector, SampleFields } from '../types.js';
import { parseMeminfo } from './meminfo.js';
import { parseMounts } from './mounts.js';
import { type CpuTimes, cpuBusyPct, parseProcStat } from './proc-stat.js';
import { readMaxThermalZoneC } from './thermal.js';

/**
 * A kernel boot id tells reboots apart. Linux gives one; elsewhere the boot time (to the minute)
 * serves, hashed to look alike.
 */
export function readBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    const bootMinute = Math.round((Date.now() / 1000 - uptime()) / 60);
    return createHash('sha256').update(String(bootMinute)).digest('hex').slice(0, 32);
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * On Linux everything is read from /proc and statfs(2): no process is spawned per sample.
 * Elsewhere systeminformation covers disks and the os module the rest.
 */
export function createSystemCollector(): Collector {
  const isLinux = process.platform === 'linux';
  const bootId = readBootId();
  let previousCpu: CpuTimes | null = null;

  async function cpuLoad(): Promise<number | null> {
    if (!isLinux) return round2((await (await loadSysinfo()).currentLoad()).currentLoad);
    const current = parseProcStat(await readFile('/proc/stat', 'utf8'));
    if (!current) return null;
    const pct = previousCpu ? cpuBusyPct(previousCpu, current) : cpuBusyPct({ busy: 0, total: 0 }, current);
    previousCpu = current;
    return pct;
  }

  async function memory() {
    const parsed = isLinux ? parseMeminfo(await readFile('/proc/meminfo', 'utf8')) : null;
    if (parsed) return parsed;
    const mem = await (await loadSysinfo()).mem();
    return {
      mem_total_bytes: totalmem(),
      mem_used_bytes: totalmem() - freemem(),
      mem_available_bytes: mem.available,
      swap_total_bytes: mem.swaptotal,
      swap_used_bytes: mem.swapused,
    };
  }

  async function disks(): Promise<DiskUsage[]> {
    if (!isLinux) {
      return (await (await loadSysinfo()).fsSize()).slice(0, 64).map((d) => ({
        mount: d.mount,
        fs: d.type,
        size_bytes: Math.max(0, Math.trunc(d.size)),
        used_bytes: Math.max(0, Math.trunc(d.used)),
      }));
    }
    const result: DiskUsage[] = [];
    for (const entry of parseMounts(await readFile('/proc/self/mounts', 'utf8')).slice(0, 64)) {
      try {
        const stats = statfsSync(entry.mount);
        const size = stats.blocks * stats.bsize;
        result.push({
          mount: entry.mount,
          fs: entry.fs,
          size_bytes: size,
          used_bytes: Math.max(0, size - stats.bfree * stats.bsize),
        });
      } catch {
        // A mount that vanished or cannot be stat'ed (permissions, stale NFS) is left out of this sample.
      }
    }
    return result;
  }

  return {
    id: 'system',
    async probe() {
      await cpuLoad();
      return { ok: true };
    },
    async collect(): Promise<Partial<SampleFields>> {
      const [load1, load5, load15] = loadavg();
      const [cpu, mem, diskList, temp] = await Promise.all([
        cpuLoad(),
        memory(),
        disks(),
        readMaxThermalZoneC(),
      ]);
      return {
        boot_id: bootId,
        uptime_s: Math.round(uptime() * 100) / 100,
        cpu_load_pct: cpu,
        load_avg_1m: load1 === undefined ? null : round2(load1),
        load_avg_5m: load5 === undefined ? null : round2(load5),
        load_avg_15m: load15 === undefined ? null : round2(load15),
        ...mem,
        cpu_temp_c: temp,
        disks: diskList,
      };
    },
  };
}
