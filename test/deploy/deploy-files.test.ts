import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/processes.js';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const hasCommand = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

interface Compose {
  services: Record<
    string,
    {
      profiles?: string[];
      image?: string;
      build?: { dockerfile: string };
      ports?: string[];
      volumes?: string[];
    }
  >;
  volumes: Record<string, unknown>;
}

describe('deploy/docker', () => {
  it('docker-compose.yml parses; the hub runs by default, Mosquitto and PostgreSQL are opt-in profiles', () => {
    const compose = parse(read('deploy/docker/docker-compose.yml')) as Compose;
    const { hub, mosquitto, postgres, agent } = compose.services;
    expect(hub?.profiles).toBeUndefined();
    expect(hub?.build?.dockerfile).toBe('deploy/docker/Dockerfile.hub');
    expect(hub?.volumes).toContain('hub-data:/data');
    expect(mosquitto?.profiles).toEqual(['mosquitto']);
    expect(postgres?.profiles).toEqual(['postgres']);
    expect(agent?.profiles).toEqual(['agent']);
    expect(agent?.build?.dockerfile).toBe('deploy/docker/Dockerfile.agent');
    // Every named volume a service mounts is declared.
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (!source.startsWith('.')) expect(compose.volumes, source).toHaveProperty(source);
      }
    }
  });

  for (const file of ['Dockerfile.hub', 'Dockerfile.agent']) {
    it(`${file}: node:20-bookworm-slim, non-root, with a HEALTHCHECK and no architecture-specific step`, () => {
      const text = read(`deploy/docker/${file}`);
      const froms = [...text.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
      expect(froms.length).toBeGreaterThan(0);
      for (const from of froms) expect(from).toBe('node:20-bookworm-slim');
      const stages = text.split(/^FROM /m);
      const final = stages.at(-1) as string;
      expect(final).toMatch(/^USER node$/m);
      expect(final).toMatch(/^HEALTHCHECK /m);
      const instructions = text
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n');
      expect(instructions).not.toMatch(/amd64|x86_64|aarch64|arm64|--platform/);
    });
  }
});

describe('deploy/install/install.sh', () => {
  it.runIf(hasCommand('shellcheck'))(
    'passes shellcheck as POSIX sh (skipped where shellcheck is absent)',
    () => {
      const result = spawnSync('shellcheck', ['-s', 'sh', join(repoRoot, 'deploy/install/install.sh')], {
        encoding: 'utf8',
      });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );

  it('is POSIX sh that dash parses (sh -n)', () => {
    const result = spawnSync('sh', ['-n', join(repoRoot, 'deploy/install/install.sh')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('deploy/systemd/nodetally-hub.service', () => {
  const unit = read('deploy/systemd/nodetally-hub.service');

  it('is hardened: own user, read-only system except the data dir, no privileges', () => {
    for (const line of [
      'User=nodetally-hub',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'ReadWritePaths=/var/lib/nodetally-hub',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'PrivateDevices=yes',
      'CapabilityBoundingSet=',
    ]) {
      expect(unit.split('\n'), line).toContain(line);
    }
  });

  it.runIf(hasCommand('systemd-analyze'))(
    'passes `systemd-analyze verify` and rates OK in `security` (skipped where systemd-analyze is absent)',
    () => {
      // verify checks that ExecStart's program exists: point it at this machine's node.
      const dir = mkdtempSync(join(tmpdir(), 'nt-unit-'));
      const file = join(dir, 'nodetally-hub.service');
      writeFileSync(file, unit.replace('ExecStart=/usr/bin/node', `ExecStart=${process.execPath}`));
      const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      const problems = `${verify.stdout}${verify.stderr}`
        .split('\n')
        .filter((line) => line.includes('nodetally-hub.service'));
      expect(problems).toEqual([]);
      expect(verify.status).toBe(0);
      const security = spawnSync('systemd-analyze', ['security', '--offline=yes', file], {
        encoding: 'utf8',
      });
      const level = /Overall exposure level for nodetally-hub\.service: ([\d.]+)/.exec(security.stdout);
      expect(level, security.stdout + security.stderr).not.toBeNull();
      expect(Number(level?.[1])).toBeLessThan(3);
    },
  );
});
