import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFilecoinReader } from './index.js';
import { parseLotusMinerInfo } from './parse.js';
import { filToAtto, parseIecBytes } from './units.js';

const capture = fileURLToPath(new URL('./testdata/lotus-miner-info-2020-pr3250.txt', import.meta.url));
const TIB = 1024 ** 4;

const EXPECTED = {
  miner_id: 't099999',
  sector_size_bytes: 512 * 1024 ** 2,
  raw_power_bytes: Math.round(3.258 * TIB),
  qa_power_bytes: Math.round(3.26 * TIB),
  committed_bytes: Math.round(3.263 * TIB),
  proving_bytes: Math.round(3.263 * TIB),
  faulty_bytes: Math.round(4.5 * 1024 ** 3),
  win_rate_per_day: 3.7008,
  deals: 211,
  miner_balance_atto_fil: '236048541199349973163',
  available_balance_atto_fil: '74211307756122014075',
  worker_balance_atto_fil: '1249497672722768263568',
  sectors_total: 6818,
  sectors_proving: 6588,
  sectors_faulty: null,
};

/** A stand-in lotus-miner: a shell script that prints a file or fails. */
function fakeLotus(script: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'nt-lotus-')), 'lotus-miner');
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('lotus-miner info', () => {
  it('lotus-miner-info-2020-pr3250.txt', async () => {
    const { readFileSync } = await import('node:fs');
    expect(parseLotusMinerInfo(readFileSync(capture, 'utf8'))).toEqual(EXPECTED);
  });

  it('reads tab-indented output as real terminals print it', async () => {
    const { readFileSync } = await import('node:fs');
    const tabbed = readFileSync(capture, 'utf8').replace(/^ {8}/gm, '\t');
    expect(parseLotusMinerInfo(tabbed)).toEqual(EXPECTED);
  });

  it('units', () => {
    expect(parseIecBytes('0 B')).toBe(0);
    expect(parseIecBytes('3.26 Ti')).toBe(Math.round(3.26 * TIB));
    expect(parseIecBytes('3 TB')).toBeNull();
    expect(filToAtto('0 FIL')).toBe('0');
    expect(filToAtto('0.00000773261609612 FIL')).toBe('7732616096120');
    expect(filToAtto('1.5 mFIL')).toBe('1500000000000000');
    expect(filToAtto('abc FIL')).toBeNull();
  });

  it('runs the configured binary, reuses its result, and degrades', async () => {
    const reader = createFilecoinReader({
      command: fakeLotus(`cat '${capture}'`),
      timeoutMs: 5000,
      reuseMs: 60_000,
    });
    expect(await reader.read()).toEqual({
      state: 'found',
      workload: { network: 'filecoin', running: true, source: 'cli', ...EXPECTED },
    });
    const failing = createFilecoinReader({
      command: fakeLotus('echo "ERROR: could not get API info" >&2; exit 1'),
      timeoutMs: 5000,
      reuseMs: 0,
    });
    const outcome = await failing.read();
    expect(outcome).toMatchObject({ state: 'found', workload: { running: false, miner_id: null } });
    expect(outcome.state === 'found' && outcome.error).toMatch(/could not get API info/);
    const missing = createFilecoinReader({
      command: '/nonexistent/lotus-miner',
      timeoutMs: 5000,
      reuseMs: 0,
    });
    expect(await missing.read()).toEqual({ state: 'absent' });
  });
});
