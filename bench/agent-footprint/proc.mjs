// Reading a process's CPU time and memory from /proc, the same way for the agent and node_exporter.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Clock ticks per second of the utime/stime fields (USER_HZ); 100 on nearly every Linux. */
export function clockTicks() {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (Number.isInteger(value) && value > 0) return value;
  } catch {
    // no getconf: fall through to the kernel's usual value
  }
  return 100;
}

/**
 * CPU time used so far, in ticks: utime and stime (fields 14, 15) and the children it has waited for
 * (cutime, cstime: fields 16, 17; a collector running a tool such as nvidia-smi pays through those).
 */
export function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2, the command name, may hold spaces and parentheses; everything after the last ')' is plain.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (n) => Number(rest[n - 3]);
  return { utime: field(14), stime: field(15), cutime: field(16), cstime: field(17) };
}

/** Resident memory in bytes from /proc/<pid>/status (VmRSS now, VmHWM the peak, and the RSS split). */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => {
    const match = status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) * 1024 : null;
  };
  return {
    vm_rss_bytes: kb('VmRSS'),
    vm_hwm_bytes: kb('VmHWM'),
    rss_anon_bytes: kb('RssAnon'),
    rss_file_bytes: kb('RssFile'),
    rss_shmem_bytes: kb('RssShmem'),
  };
}

/** One reading of a process: CPU ticks and memory, with the wall clock it was taken at. */
export function snapshot(pid) {
  return { at_ms: Date.now(), cpu_ticks: cpuTicks(pid), memory: memory(pid) };
}

export const totalTicks = (t) => t.utime + t.stime + t.cutime + t.cstime;

/** CPU milliseconds used between two snapshots. */
export function cpuMsBetween(start, end, ticksPerSecond) {
  return ((totalTicks(end.cpu_ticks) - totalTicks(start.cpu_ticks)) * 1000) / ticksPerSecond;
}

/** A port the OS just handed out on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const mb = (bytes) => (bytes === null ? null : Math.round((bytes / 1024 / 1024) * 10) / 10);
