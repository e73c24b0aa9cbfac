#!/usr/bin/env node
// `pnpm start`: the hub and an agent for this machine, in one terminal, with nothing else installed.
// Data lives under $NODETALLY_HOME (default ./.nodetally). Ctrl-C stops both.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const home = process.env.NODETALLY_HOME ?? join(root, '.nodetally');
const host = process.env.NODETALLY_HOST ?? '127.0.0.1';
const httpPort = process.env.NODETALLY_HTTP_PORT ?? '8080';
const mqttPort = process.env.NODETALLY_MQTT_PORT ?? '1883';
const agentHost = host === '0.0.0.0' ? '127.0.0.1' : host;

const children = new Set();
const byName = new Map();
let stopping = false;

function start(name, script, args, env = {}) {
  const child = spawn(process.execPath, [join(root, script), ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  children.add(child);
  byName.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`nodetally: ${name} exited (${signal ?? code}); stopping`);
      stop(code || 1);
    }
  });
  return child;
}

// The agent goes first, so it can still tell the hub it is going offline.
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const name of ['agent', 'hub']) {
    const child = byName.get(name);
    if (!child || !children.has(child)) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  process.exit(process.exitCode);
}

async function waitForHub(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** The local agent gets a device credential like any other, made once and kept beside its state. */
function localCredential() {
  const file = join(home, 'agent', 'credential.json');
  if (!existsSync(file)) {
    const args = ['devices', 'add', `${hostname()} (local)`, '--data-dir', join(home, 'hub'), '--json'];
    const issued = execFileSync(process.execPath, [join(root, 'hub/dist/cli.js'), ...args], {
      encoding: 'utf8',
    });
    mkdirSync(join(home, 'agent'), { recursive: true, mode: 0o700 });
    writeFileSync(file, issued);
    chmodSync(file, 0o600);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** How to log in: the hub wrote the first admin password to its data dir (unless one was configured). */
function loginHint() {
  const file = join(home, 'hub', 'initial-admin-password');
  if (process.env.NODETALLY_ADMIN_PASSWORD)
    return 'log in as admin with the password in NODETALLY_ADMIN_PASSWORD';
  if (existsSync(file)) return `log in as admin with the password in ${file}`;
  return (
    'log in as admin (change the password: node hub/dist/cli.js admin set-password --data-dir ' +
    join(home, 'hub') +
    ')'
  );
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const credential = localCredential();
start('hub', 'hub/dist/cli.js', [
  '--data-dir',
  join(home, 'hub'),
  '--host',
  host,
  '--http-port',
  httpPort,
  '--mqtt-port',
  mqttPort,
]);
if (await waitForHub(`http://${agentHost}:${httpPort}/healthz`)) {
  const agentArgs = [
    'run',
    '--state-dir',
    join(home, 'agent'),
    '--hub-url',
    `mqtt://${agentHost}:${mqttPort}`,
  ];
  start('agent', 'agent/dist/cli.js', [...agentArgs, '--device-id', credential.device_id], {
    NODETALLY_PASSWORD: credential.token,
  });
  console.error(`nodetally: open http://${agentHost}:${httpPort} — this machine appears within seconds`);
  console.error(`nodetally: ${loginHint()}`);
} else if (!stopping) {
  console.error('nodetally: the hub did not become ready within 30 s');
  stop(1);
}
