// The processes of the ingest benchmark: hub processes (hub-process.mjs) and the watch on a process's
// RSS and CPU while a phase runs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clockTicks, cpuMsBetween, memory, snapshot } from '../agent-footprint/proc.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ticks = clockTicks();
export const mb = (bytes) =>
  bytes === null || bytes === undefined ? null : Math.round((bytes / 1048576) * 10) / 10;
export const rss = (pid) => memory(pid).vm_rss_bytes;

/**
 * Runs `command args` with the open-files limit raised to the hard limit: 10,000 connections need
 * 10,000 descriptors in the broker (and as many in the load generator).
 */
export function spawnWithFiles(command, args, options) {
  return spawn(
    'sh',
    ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', command, ...args],
    options,
  );
}

/** Starts hub-process.mjs with `options` ({dataDir, brokerUrl?, databaseUrl?, brokerClientId?}). */
export function startHubProcess(options) {
  const nodeFlags = ['--expose-gc', ...(process.env.BENCH_HUB_NODE_FLAGS ?? '').split(' ').filter(Boolean)];
  const script = join(root, 'bench/ingest/hub-process.mjs');
  const child = spawnWithFiles(process.execPath, [...nodeFlags, script, JSON.stringify(options)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters = [];
  child.stderr.on('data', (chunk) => (out = (out + chunk).slice(-4000)));
  const afterPrefix = (line) => line.indexOf(' ') + 1 || line.length;
  let lineBuf = '';
  child.stdout.on('data', (chunk) => {
    out = (out + chunk).slice(-4000);
    lineBuf += chunk;
    const lines = lineBuf.split('\n');
    lineBuf = lines.pop();
    for (const line of lines) {
      const i = waiters.findIndex((w) => line.startsWith(w.prefix));
      if (i >= 0) waiters.splice(i, 1)[0].resolve(line.slice(afterPrefix(line)));
    }
  });
  const expect = (prefix) =>
    new Promise((resolve, reject) => {
      waiters.push({ prefix, resolve });
      child.once('exit', (code) => reject(new Error(`hub exited (${code}):\n${out}`)));
    });
  const ready = expect('READY ').then((json) => JSON.parse(json));
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`hub process exited during the run (${code ?? signal}):\n${out}`);
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    ready,
    /** Full GC in the hub, so an RSS reading after it is live memory rather than garbage. */
    async gc() {
      const done = expect('GC');
      child.stdin.write('gc\n');
      await done;
      await new Promise((r) => setTimeout(r, 200));
    },
    async counters() {
      const reply = expect('COUNTERS ');
      child.stdin.write('counters\n');
      return JSON.parse(await reply);
    },
    stop: () => {
      stopping = true;
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Samples a process's RSS every 250 ms, and its CPU between measureStart and measureEnd. */
export function watch(pid) {
  const samples = [];
  const timer = setInterval(() => {
    try {
      samples.push(rss(pid));
    } catch {}
  }, 250);
  let startSnap;
  let endSnap;
  return {
    measureStart: () => (startSnap = snapshot(pid)),
    measureEnd: () => (endSnap = snapshot(pid)),
    stop() {
      clearInterval(timer);
      return {
        rss_peak_mb: mb(Math.max(...samples)),
        cpu_s_in_window: startSnap && endSnap ? cpuMsBetween(startSnap, endSnap, ticks) / 1000 : null,
      };
    },
  };
}
