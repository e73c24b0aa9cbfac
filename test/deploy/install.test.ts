import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnrollToken, hubConfig, type RunningHub, startHub } from '@nodetally/hub';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from './bundle.js';

// The installer runs for real (sh, curl, node) against an in-process hub, in a throwaway root
// (NODETALLY_INSTALL_ROOT) with stand-ins first on PATH for the commands that would change this
// machine: systemctl, useradd, userdel, chown, id and getent. Each records how it was called.
const work = mkdtempSync(join(tmpdir(), 'nt-install-'));
const fakeBin = join(work, 'bin');
const fakeState = join(work, 'fake-state');
const callLog = join(work, 'calls.log');

const fakes: Record<string, string> = {
  systemctl: 'echo "systemctl $*" >>"$FAKE_LOG"',
  useradd: 'echo "useradd $*" >>"$FAKE_LOG"; for last; do :; done; : >"$FAKE_STATE/user-$last"',
  userdel: 'echo "userdel $*" >>"$FAKE_LOG"; rm -f "$FAKE_STATE/user-$1"',
  chown: 'echo "chown $*" >>"$FAKE_LOG"',
  // `id -u` says root; `id -u <user>` knows only the users useradd made.
  id: 'if [ $# -eq 1 ]; then echo 0; elif [ -e "$FAKE_STATE/user-$2" ]; then echo 990; else exit 1; fi',
  getent: 'if [ "$1 $2" = "group docker" ]; then echo "docker:x:998:"; else exit 2; fi',
};

function writeExecutable(path: string, body: string) {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

let hub: RunningHub;
let scriptFile: string;

beforeAll(async () => {
  mkdirSync(fakeBin);
  mkdirSync(fakeState);
  for (const [name, body] of Object.entries(fakes)) writeExecutable(join(fakeBin, name), body);
  // The Node running the tests, reached through /tmp: the unit's ExecStart then never points into a
  // home directory (which the installer refuses, as ProtectHome=yes would hide it).
  symlinkSync(process.execPath, join(fakeBin, 'node'));
  process.env.NODETALLY_AGENT_BUNDLE_FILE = await buildBundle(join(work, 'bundle'));
  hub = await startHub(
    hubConfig({ dataDir: join(work, 'hub'), httpPort: 0, mqttPort: 0, logLevel: 'silent' }),
    pino({ level: 'silent' }),
  );
  const response = await fetch(`${hub.httpUrl}/install.sh`);
  expect(response.status).toBe(200);
  scriptFile = join(work, 'install.sh');
  writeFileSync(scriptFile, await response.text());
}, 60_000);

afterAll(async () => {
  await hub?.close();
});

/** Runs the installer; asynchronously, since it talks to the hub in this very process. */
function install(root: string, args: string[], pathFirst = fakeBin) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('sh', [scriptFile, ...args], {
      env: {
        PATH: `${pathFirst}:${fakeBin}:/usr/local/bin:/usr/bin:/bin`,
        HOME: work,
        TMPDIR: work,
        NODETALLY_INSTALL_ROOT: root,
        FAKE_LOG: callLog,
        FAKE_STATE: fakeState,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const calls = () => (existsSync(callLog) ? readFileSync(callLog, 'utf8').split('\n').filter(Boolean) : []);
const resetCalls = () => writeFileSync(callLog, '');
const mode = (path: string) => statSync(path).mode & 0o777;

/** Every file (not folder) under a root, relative to it. */
function filesUnder(root: string, prefix = ''): string[] {
  if (!existsSync(join(root, prefix))) return [];
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(root, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

describe('GET /install.sh', () => {
  it('serves the installer with the hub address, broker URL and bundle checksum filled in', () => {
    const script = readFileSync(scriptFile, 'utf8');
    expect(script).toContain(`HUB_URL='${hub.httpUrl}'`);
    // The hub's real MQTT listener, not a guessed default port.
    expect(script).toContain(`MQTT_URL='mqtt://127.0.0.1:${hub.broker.port}'`);
    expect(script).toMatch(/BUNDLE_SHA256='[0-9a-f]{64}'/);
    expect(script).not.toMatch(/HUB_URL='@@/);
  });
});

describe('install.sh in a throwaway root', () => {
  const root = join(work, 'root');
  let deviceId = '';

  it('refuses a wrong enrollment token with a clear message, and installs nothing', async () => {
    resetCalls();
    const result = await install(root, ['--token', 'not-a-real-enrollment-token-0123456789']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refused the enrollment token');
    expect(result.stderr).toContain('nodetally-hub devices enroll-token');
    expect(filesUnder(root)).toEqual([]);
    expect(existsSync(root)).toBe(false);
    expect(calls()).toEqual([]);
    expect((await hub.store.listDevices()).length).toBe(0);
  });

  it('installs: bundle, user, config with the credential (0600), hardened unit, enabled and started', async () => {
    resetCalls();
    const token = await createEnrollToken(hub.store, 60_000);
    const result = await install(root, ['--token', token, '--name', 'Garage Pi', '--nvidia', 'off']);
    expect(result.code, result.stderr).toBe(0);

    const bundle = join(root, 'opt/nodetally/nodetally-agent.mjs');
    expect(readFileSync(bundle)).toEqual(readFileSync(process.env.NODETALLY_AGENT_BUNDLE_FILE as string));
    expect(mode(bundle)).toBe(0o644);

    const configFile = join(root, 'etc/nodetally/agent.json');
    expect(mode(configFile)).toBe(0o600);
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    expect(config).toMatchObject({ hubUrl: hub.mqttUrl, stateDir: '/var/lib/nodetally-agent' });
    expect(config.deviceId).toMatch(/^garage-pi-[0-9a-f]{4}$/);
    expect(config.password).toMatch(/.{32,}/);
    deviceId = config.deviceId;
    const credential = await hub.store.getCredential(deviceId);
    expect(credential?.revoked_ms).toBeNull();

    expect(mode(join(root, 'var/lib/nodetally-agent'))).toBe(0o700);

    const unit = readFileSync(join(root, 'etc/systemd/system/nodetally-agent.service'), 'utf8');
    expect(mode(join(root, 'etc/systemd/system/nodetally-agent.service'))).toBe(0o644);
    for (const line of [
      'User=nodetally-agent',
      `ExecStart=${join(fakeBin, 'node')} /opt/nodetally/nodetally-agent.mjs run --config /etc/nodetally/agent.json`,
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'ReadWritePaths=/var/lib/nodetally-agent',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'CapabilityBoundingSet=',
      'PrivateDevices=yes',
      'InaccessiblePaths=-/run/docker.sock',
      'WantedBy=multi-user.target',
    ]) {
      expect(unit.split('\n'), line).toContain(line);
    }
    expect(unit).not.toContain('SupplementaryGroups');
    expect(unit).not.toContain('DeviceAllow');
    // Exactly one writable path: the state dir with the outbox.
    expect(unit.match(/^ReadWritePaths=/gm)).toHaveLength(1);

    expect(calls()).toEqual([
      'useradd --system --user-group --no-create-home --home-dir /var/lib/nodetally-agent --shell /usr/sbin/nologin --comment nodetally agent nodetally-agent',
      `chown nodetally-agent:nodetally-agent ${root}/var/lib/nodetally-agent`,
      `chown nodetally-agent:nodetally-agent ${root}/etc/nodetally/agent.json`,
      'systemctl daemon-reload',
      'systemctl enable nodetally-agent.service',
      'systemctl restart nodetally-agent.service',
    ]);
    expect(result.stderr).toContain(`enrolled as device ${deviceId}`);
  });

  it('the installed bundle runs: `once --json` with the installed config prints this device', () => {
    // The config's stateDir is the real /var/lib path: point it at the throwaway root instead.
    // (spawnSync is fine here: `once` does not talk to the hub.)
    const once = spawnSync(
      process.execPath,
      [
        join(root, 'opt/nodetally/nodetally-agent.mjs'),
        'once',
        '--json',
        '--config',
        join(root, 'etc/nodetally/agent.json'),
        '--state-dir',
        join(root, 'var/lib/nodetally-agent'),
        '--log-level',
        'silent',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(once.status, once.stderr).toBe(0);
    expect(JSON.parse(once.stdout).device_id).toBe(deviceId);
  });

  it('re-running upgrades in place: same device id and token, new bundle, unit rewritten, restarted', async () => {
    resetCalls();
    const before = readFileSync(join(root, 'etc/nodetally/agent.json'), 'utf8');
    writeFileSync(join(root, 'opt/nodetally/nodetally-agent.mjs'), '// an older agent\n');
    const result = await install(root, ['--nvidia', 'on', '--docker', 'on']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('upgrading in place');
    expect(readFileSync(join(root, 'etc/nodetally/agent.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(root, 'opt/nodetally/nodetally-agent.mjs'))).toEqual(
      readFileSync(process.env.NODETALLY_AGENT_BUNDLE_FILE as string),
    );
    expect((await hub.store.listDevices()).map((device) => device.device_id)).toEqual([deviceId]);

    const unit = readFileSync(join(root, 'etc/systemd/system/nodetally-agent.service'), 'utf8');
    // Collectors switched on: GPU devices through an allow-list, the Docker socket through its group.
    expect(unit).toContain('DevicePolicy=closed');
    expect(unit).toMatch(/^DeviceAllow=\/dev\/nvidiactl rw$/m);
    expect(unit).toContain('SupplementaryGroups=docker');
    expect(unit).not.toContain('PrivateDevices=yes');
    expect(unit).not.toContain('InaccessiblePaths=-/run/docker.sock');
    expect(unit).toContain('ProtectSystem=strict');

    // No second user, no enrollment: the existing credential is kept.
    expect(calls().filter((line) => line.startsWith('useradd'))).toEqual([]);
    expect(calls().filter((line) => line.startsWith('systemctl'))).toEqual([
      'systemctl daemon-reload',
      'systemctl enable nodetally-agent.service',
      'systemctl restart nodetally-agent.service',
    ]);
  });

  it('--uninstall removes every file it added, the unit and the user it created', async () => {
    resetCalls();
    const result = await install(root, ['--uninstall']);
    expect(result.code, result.stderr).toBe(0);
    expect(filesUnder(root)).toEqual([]);
    for (const dir of ['opt/nodetally', 'etc/nodetally', 'var/lib/nodetally-agent']) {
      expect(existsSync(join(root, dir)), dir).toBe(false);
    }
    expect(calls()).toEqual([
      'systemctl disable --now nodetally-agent.service',
      'systemctl daemon-reload',
      'userdel nodetally-agent',
    ]);
    expect(result.stderr).toContain(`nodetally-hub devices revoke ${deviceId}`);
  });

  it('refuses an old Node with instructions, before touching anything', async () => {
    const oldNode = join(work, 'old-node');
    mkdirSync(oldNode, { recursive: true });
    writeExecutable(join(oldNode, 'node'), 'echo 18.19.0');
    const fresh = join(work, 'root-old-node');
    const result = await install(fresh, ['--token', 'x'.repeat(43)], oldNode);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Node.js 18.19.0');
    expect(result.stderr).toContain('too old');
    expect(result.stderr).toContain('Install Node.js 20 or newer');
    expect(filesUnder(fresh)).toEqual([]);
  });
});

describe('the installed unit', () => {
  const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

  it.runIf(hasAnalyze)(
    'passes `systemd-analyze verify` and rates OK in `security` (skipped where systemd-analyze is absent)',
    async () => {
      const root = join(work, 'root-verify');
      const token = await createEnrollToken(hub.store, 60_000);
      const result = await install(root, ['--token', token, '--nvidia', 'on', '--docker', 'on']);
      expect(result.code, result.stderr).toBe(0);
      const unit = join(root, 'etc/systemd/system/nodetally-agent.service');
      const verify = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
      const problems = `${verify.stdout}${verify.stderr}`
        .split('\n')
        .filter((line) => line.includes('nodetally-agent.service'));
      expect(problems, verify.stderr).toEqual([]);
      expect(verify.status, verify.stderr).toBe(0);
      // systemd's own rating of the sandbox (0 safest … 10 unprotected); 'OK' is below 4.5.
      const security = spawnSync('systemd-analyze', ['security', '--offline=yes', unit], {
        encoding: 'utf8',
      });
      const level = /Overall exposure level for nodetally-agent\.service: ([\d.]+)/.exec(security.stdout);
      expect(level, security.stdout + security.stderr).not.toBeNull();
      expect(Number(level?.[1])).toBeLessThan(3);
    },
  );
});
