import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateMessage } from '@nodetally/shared';
import { beforeAll, describe, expect, it } from 'vitest';

// End to end through the built agent: `pnpm run build` (tsc -b shared agent hub) comes first.
const cli = join(import.meta.dirname, '../../../dist/cli.js');
const testdata = join(import.meta.dirname, 'testdata');
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A fake nvidia-smi that replays real captures: CSV for --query-gpu, XML for -q -x. */
function fakeNvidiaSmi(body: string): string {
  const path = join(tmp('nt-fake-smi-'), 'nvidia-smi');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const replaying = (csv: string) =>
  fakeNvidiaSmi(`case "$*" in
  *--help-query-gpu*) cat '${testdata}/nvidia-smi-help-query-gpu-drv595.txt' ;;
  *--query-gpu=*) cat '${testdata}/${csv}' ;;
  *"-q -x"*) cat '${testdata}/nvidia-smi-q-x-rtx3080-drv595-v13.xml' ;;
  *) exit 2 ;;
esac`);

function once(nvidiaSmi: string, extra: string[] = []) {
  const args = [cli, 'once', '--json', '--nvidia-smi-path', nvidiaSmi, '--state-dir', tmp('nt-state-')];
  // No AMD tool and no RAPL here, so GPU draw is the whole measured power.
  args.push('--rocm-smi-path', '/nonexistent/rocm-smi', '--powercap-root', '/nonexistent/powercap', ...extra);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function validSample(result: { code: number | null; stdout: string; stderr: string }) {
  expect(result.code, result.stderr).toBe(0);
  const sample = JSON.parse(result.stdout) as Record<string, unknown>;
  const checked = validateMessage('samples', sample);
  expect(checked.ok, checked.ok ? '' : checked.detail).toBe(true);
  return sample;
}

const captures = readdirSync(testdata).filter((file) => /^nvidia-smi-query-gpu-.*\.csv$/.test(file));

describe.skipIf(process.platform === 'win32')('agent once with a fake nvidia-smi', () => {
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run pnpm run build first`);
  });

  it.each(captures)('reports the GPUs of %s exactly', async (csv) => {
    const expected = JSON.parse(readFileSync(join(testdata, csv.replace('.csv', '.expected.json')), 'utf8'));
    const sample = validSample(await once(replaying(csv)));
    const gpus = sample.gpus as Record<string, unknown>[];
    expect(gpus).toHaveLength(expected.gpus.length);
    for (const [i, gpu] of gpus.entries()) {
      const want = expected.gpus[i];
      for (const key of ['util_gpu_pct', 'util_mem_pct', 'mem_used_bytes', 'temp_c', 'power_draw_w']) {
        expect(gpu[key], `${csv} ${key}`).toBe(want[key]);
      }
      expect(gpu).toEqual(want);
    }
    const draw = expected.gpus.reduce(
      (sum: number, gpu: { power_draw_w: number }) => sum + gpu.power_draw_w,
      0,
    );
    expect(sample.power).toMatchObject({
      watts: draw,
      energy_wh_total: 0,
      parts: [{ source: 'gpu', watts: draw, measured: true }],
    });
  });

  it('keeps the [N/A] readings of the H100 in MIG mode as null', async () => {
    const sample = validSample(await once(replaying('nvidia-smi-query-gpu-h100-mig-load.csv')));
    expect(sample.gpus).toMatchObject([
      {
        util_gpu_pct: null,
        util_mem_pct: null,
        fan_pct: null,
        mig_mode: true,
        mem_used_bytes: 11125 * 1024 ** 2,
      },
    ]);
  });

  it('adds the configured base load to the measured GPU draw', async () => {
    const csv = 'nvidia-smi-query-gpu-rtx4080super-idle.csv';
    const sample = validSample(await once(replaying(csv), ['--power-base-w', '5']));
    expect(sample.power).toMatchObject({
      watts: 31.2,
      parts: [
        { source: 'gpu', watts: 26.2, measured: true },
        { source: 'configured', watts: 5, measured: false },
      ],
    });
  });

  it.each([
    ['prints garbage', 'echo "Segmentation fault"'],
    ['exits 1', 'exit 1'],
    ['hangs', 'exec sleep 30'],
  ])('a tool that %s: the sample still validates, with gpus: [] and one logged error', async (_, body) => {
    const result = await once(fakeNvidiaSmi(body), ['--gpu-tool-timeout-ms', '300']);
    const sample = validSample(result);
    expect(sample.gpus).toEqual([]);
    expect(sample.power).toMatchObject({
      watts: null,
      parts: [{ source: 'gpu', watts: null, measured: false }],
    });
    const failures = result.stderr.split('\n').filter((line) => line.includes('"collector":"nvidia-smi"'));
    expect(failures).toHaveLength(1);
  });

  it('a missing tool disables the collector with one warning and no gpus field', async () => {
    const result = await once('/nonexistent/nvidia-smi');
    const sample = validSample(result);
    expect(sample).not.toHaveProperty('gpus');
    expect(sample.power).toMatchObject({ watts: null, parts: [] });
    expect(result.stderr).toContain('collector disabled');
  });
});
