// A raw Mosquitto for the relay baseline: a minimal config on 127.0.0.1:<port>, no persistence, no
// inflight or queue limits (so it never drops a QoS 1 message for a slow subscriber).
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { spawnWithFiles } from './procs.mjs';

const BIN =
  process.env.NODETALLY_MOSQUITTO ??
  (existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto');

export function mosquittoVersion() {
  try {
    return execFileSync(BIN, ['-h'], { encoding: 'utf8', stdio: 'pipe' }).split('\n')[0].trim();
  } catch (error) {
    return (
      String(error.stdout ?? '')
        .split('\n')[0]
        .trim() || 'unknown'
    );
  }
}

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export async function startMosquitto(dir, port) {
  const conf = join(dir, `mosquitto-${port}.conf`);
  const lines = [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence false',
    'max_inflight_messages 0',
    'max_queued_messages 0',
    'max_connections -1',
    'set_tcp_nodelay true',
    'log_dest stderr',
    'log_type error',
    ...(process.getuid?.() === 0 ? ['user root'] : []),
  ];
  writeFileSync(conf, `${lines.join('\n')}\n`);
  const child = spawnWithFiles(BIN, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk) => (err = (err + chunk).slice(-2000)));
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`mosquitto did not start:\n${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    pid: child.pid,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
