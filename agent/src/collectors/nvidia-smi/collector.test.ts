import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectorFailure } from '../types.js';
import { ToolError, ToolRunner } from './exec.js';
import { createNvidiaSmiCollector } from './index.js';

const testdata = join(import.meta.dirname, 'testdata');

/** An executable `nvidia-smi` stand-in: `body` is the shell script after the #! line. */
function fakeTool(body: string): { path: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'nt-fake-smi-'));
  const path = join(dir, 'nvidia-smi');
  writeFileSync(path, `#!/bin/sh\necho "$*" >> '${dir}/calls'\n${body}\n`);
  chmodSync(path, 0o755);
  return { path, calls: () => readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') };
}

const replaying = (csv: string) =>
  fakeTool(`case "$1" in
  --help-query-gpu) cat '${testdata}/nvidia-smi-help-query-gpu-drv595.txt' ;;
  --query-gpu=*) cat '${testdata}/${csv}' ;;
  *) exit 2 ;;
esac`);

describe.skipIf(process.platform === 'win32')('nvidia-smi collector with a fake tool', () => {
  it('a missing tool fails the probe with a reason', async () => {
    const collector = createNvidiaSmiCollector({ path: '/nonexistent/nvidia-smi', timeoutMs: 2000 });
    const probe = await collector.probe();
    expect(probe.ok).toBe(false);
    expect(probe.ok ? '' : probe.reason).toContain('/nonexistent/nvidia-smi');
  });

  it('asks for the fields the driver lists and reports the capture', async () => {
    const tool = replaying('nvidia-smi-query-gpu-rtx4080super-load.csv');
    const collector = createNvidiaSmiCollector({ path: tool.path, timeoutMs: 5000 });
    expect(await collector.probe()).toEqual({ ok: true });
    const { gpus } = await collector.collect();
    expect(gpus).toEqual(
      JSON.parse(readFileSync(join(testdata, 'nvidia-smi-query-gpu-rtx4080super-load.expected.json'), 'utf8'))
        .gpus,
    );
    expect(tool.calls()).toEqual([
      '--help-query-gpu',
      '--query-gpu=index,uuid,name,utilization.gpu,utilization.memory,memory.used,memory.total,' +
        'temperature.gpu,power.draw,power.limit,fan.speed,pstate,clocks.current.sm,clocks.current.memory,' +
        'mig.mode.current --format=csv',
    ]);
  });

  it.each([
    ['prints garbage', 'echo "Segmentation fault"; echo "%%%"', 'not a --query-gpu table'],
    ['exits non-zero', 'echo "failed" >&2; exit 1', 'exited with 1: failed'],
    ['hangs', 'exec sleep 30', 'did not finish within 300 ms'],
  ])('a tool that %s stays enabled and reports gpus: [] with an error', async (_, body, message) => {
    const collector = createNvidiaSmiCollector({ path: fakeTool(body).path, timeoutMs: 300 });
    expect(await collector.probe()).toEqual({ ok: true });
    const started = Date.now();
    const failure = await collector.collect().catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(failure).toBeInstanceOf(CollectorFailure);
    expect((failure as CollectorFailure).message).toContain(message);
    expect((failure as CollectorFailure).fields).toEqual({ gpus: [] });
  });

  it('never starts a second copy while the previous one is still running', async () => {
    const runner = new ToolRunner(fakeTool('exec sleep 30').path, 300);
    const first = runner.run([]).catch((error: unknown) => error);
    const second = await runner.run([]).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(ToolError);
    expect((second as ToolError).kind).toBe('busy');
    expect(((await first) as ToolError).kind).toBe('timeout');
  });
});
