import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectorFailure } from '../types.js';
import { createRocmSmiCollector, ROCM_SMI_ARGS } from './index.js';

const capture = join(import.meta.dirname, 'testdata/rocm-smi-mi100-rocm602.json');

function fakeTool(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'nt-fake-rocm-')), 'rocm-smi');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe.skipIf(process.platform === 'win32')('rocm-smi collector with a fake tool', () => {
  it('a missing tool fails the probe', async () => {
    const probe = await createRocmSmiCollector({ path: '/nonexistent/rocm-smi', timeoutMs: 1000 }).probe();
    expect(probe.ok).toBe(false);
  });

  it('runs rocm-smi with --json and reports each card', async () => {
    const path = fakeTool(`[ "$*" = "${ROCM_SMI_ARGS.join(' ')}" ] || exit 2\ncat '${capture}'`);
    const collector = createRocmSmiCollector({ path, timeoutMs: 5000 });
    expect(await collector.probe()).toEqual({ ok: true });
    const { gpus } = await collector.collect();
    expect(gpus?.map((gpu) => [gpu.index, gpu.power_draw_w, gpu.temp_c])).toEqual([
      [0, 36, 53],
      [1, 44, 55],
      [2, 43, 54],
      [3, 39, 51],
    ]);
  });

  it.each([
    ['prints garbage', 'echo "not json"', 'no JSON object'],
    ['exits non-zero', 'exit 1', 'exited with 1'],
    ['hangs', 'exec sleep 30', 'did not finish within 300 ms'],
  ])('a tool that %s reports gpus: [] with an error', async (_, body, message) => {
    const collector = createRocmSmiCollector({ path: fakeTool(body), timeoutMs: 300 });
    expect(await collector.probe()).toEqual({ ok: true });
    const failure = await collector.collect().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CollectorFailure);
    expect((failure as Error).message).toContain(message);
    expect((failure as CollectorFailure).fields).toEqual({ gpus: [] });
  });
});
