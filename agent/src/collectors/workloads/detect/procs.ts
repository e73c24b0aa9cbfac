import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ProcessInfo {
  pid: number;
  /** Kernel task name, at most 15 characters. */
  comm: string;
  /** Arguments joined with spaces (NUL-separated in /proc). */
  cmdline: string;
}

/** Every process readable under a proc root, from `<pid>/comm` and `<pid>/cmdline`; no `ps` is spawned. */
export async function listProcesses(procRoot: string): Promise<ProcessInfo[] | null> {
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return null;
  }
  const pids = entries.filter((name) => /^\d+$/.test(name));
  const results = await Promise.all(
    pids.map(async (pid): Promise<ProcessInfo | null> => {
      try {
        const [comm, cmdline] = await Promise.all([
          readFile(join(procRoot, pid, 'comm'), 'utf8'),
          readFile(join(procRoot, pid, 'cmdline'), 'utf8').catch(() => ''),
        ]);
        return {
          pid: Number(pid),
          comm: comm.trim(),
          cmdline: cmdline.replace(/\0+$/, '').replaceAll('\0', ' ').slice(0, 4096),
        };
      } catch {
        return null; // exited between readdir and read, or hidden (hidepid)
      }
    }),
  );
  return results.filter((p): p is ProcessInfo => p !== null);
}
