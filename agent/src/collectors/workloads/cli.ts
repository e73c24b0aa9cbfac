import { execFile } from 'node:child_process';

export type CliResult =
  | { kind: 'ok'; stdout: string }
  | { kind: 'absent'; reason: string }
  | { kind: 'bad'; reason: string };

/** Runs a tool without a shell; a missing binary is `absent`, a failing or hanging one `bad`. */
export function runCli(command: string, args: string[], timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ kind: 'ok', stdout });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') return resolve({ kind: 'absent', reason: String(code) });
      const detail = stderr.trim().split('\n')[0] ?? '';
      resolve({ kind: 'bad', reason: error.killed ? 'timed out' : `${error.message} ${detail}`.trim() });
    });
  });
}

/**
 * Reuses a slow reading for `minIntervalMs`: `lotus-miner info` talks to the chain and takes seconds,
 * and the values it prints change over minutes, not per sample.
 */
export function reuseFor<T>(minIntervalMs: number, read: () => Promise<T>, now = Date.now): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (!last || now() - last.at >= minIntervalMs) last = { at: now(), value: read() };
    return last.value;
  };
}
