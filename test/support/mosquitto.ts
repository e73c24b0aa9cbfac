import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { type Running, startProcess } from './processes.js';
import { waitFor } from './wait.js';

/** Debian's mosquitto (installed by .ci/run) lives in /usr/sbin, which a non-root PATH may lack. */
export const MOSQUITTO_PATH =
  process.env.NODETALLY_MOSQUITTO ??
  (existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto');

/** A mosquitto.conf for one test broker on 127.0.0.1:<port> with our password and ACL files. */
export function writeMosquittoConf(dir: string, port: number, passwordFile: string, aclFile: string): string {
  const file = join(dir, 'mosquitto.conf');
  const lines = [
    'per_listener_settings false',
    `listener ${port} 127.0.0.1`,
    'allow_anonymous false',
    `password_file ${passwordFile}`,
    `acl_file ${aclFile}`,
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    // Started as root, mosquitto would switch to the `mosquitto` user, which may not read a temp dir.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Starts `mosquitto -c <conf>` and waits until its listener accepts connections. */
export async function startMosquitto(conf: string, port: number): Promise<Running> {
  if (!existsSync(MOSQUITTO_PATH) && MOSQUITTO_PATH !== 'mosquitto') {
    throw new Error(`no mosquitto at ${MOSQUITTO_PATH}: run .ci/run, or apt-get install mosquitto`);
  }
  const broker = startProcess(MOSQUITTO_PATH, ['-c', conf]);
  await waitFor('mosquitto listening', async () => {
    if (broker.child.exitCode !== null) throw new Error(`mosquitto exited:\n${broker.output()}`);
    return accepts(port);
  }).catch((error) => {
    throw new Error(`${error}\nmosquitto output:\n${broker.output()}`);
  });
  return broker;
}
