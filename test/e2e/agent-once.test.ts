import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateMessage } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { agentCli, runToEnd } from '../support/processes.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'nt-once-'));

describe('nodetally-agent once --json', () => {
  it('prints one Sample that validates against the shared schema, and nothing else on stdout', async () => {
    const result = await runToEnd(process.execPath, [agentCli, 'once', '--json', '--state-dir', stateDir()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const sample: unknown = JSON.parse(result.stdout);
    const checked = validateMessage('samples', sample);
    expect(checked.ok, checked.ok ? '' : checked.detail).toBe(true);
    expect(sample).toMatchObject({ v: 1, seq: 1 });
  });

  it('does not consume a seq: twice in a row shows the same next seq', async () => {
    const dir = stateDir();
    const first = JSON.parse(
      (await runToEnd(process.execPath, [agentCli, 'once', '--json', '--state-dir', dir])).stdout,
    );
    const second = JSON.parse(
      (await runToEnd(process.execPath, [agentCli, 'once', '--json', '--state-dir', dir])).stdout,
    );
    expect(second.seq).toBe(first.seq);
    expect(second.device_id).toBe(first.device_id);
  });

  it('takes settings from NODETALLY_* variables, and flags win over them', async () => {
    const env = { NODETALLY_DEVICE_ID: 'from-env', NODETALLY_STATE_DIR: stateDir() };
    const fromEnv = await runToEnd(process.execPath, [agentCli, 'once', '--json'], env);
    expect(JSON.parse(fromEnv.stdout).device_id).toBe('from-env');
    const fromFlag = await runToEnd(
      process.execPath,
      [agentCli, 'once', '--json', '--device-id', 'from-flag'],
      env,
    );
    expect(JSON.parse(fromFlag.stdout).device_id).toBe('from-flag');
  });

  it('a bad setting exits 1 with the path, flag and variable named', async () => {
    const result = await runToEnd(process.execPath, [agentCli, 'run', '--interval-s', 'often']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NT_ERR_CONFIG_INVALID');
    expect(result.stderr).toContain('config.intervalS');
    expect(result.stderr).toContain('NODETALLY_INTERVAL_S');
  });
});
