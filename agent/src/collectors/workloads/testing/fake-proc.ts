import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fake /proc: one folder per pid with comm and NUL-separated cmdline. */
export function fakeProc(processes: Record<number, [comm: string, argv: string[]]>): string {
  const root = mkdtempSync(join(tmpdir(), 'nt-proc-'));
  mkdirSync(join(root, 'self'));
  for (const [pid, [comm, argv]] of Object.entries(processes)) {
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, 'comm'), `${comm}\n`);
    writeFileSync(join(root, pid, 'cmdline'), `${argv.join('\0')}\0`);
  }
  return root;
}
