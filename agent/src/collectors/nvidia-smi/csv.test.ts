import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQueryGpuCsv } from './csv.js';

const read = (file: string) => readFileSync(join(import.meta.dirname, 'testdata', file), 'utf8');
const h100 = read('nvidia-smi-query-gpu-h100-mig-load.csv');
const expected = JSON.parse(read('nvidia-smi-query-gpu-h100-mig-load.expected.json')).gpus;

/** The same table with its columns in another order. */
function reverseColumns(csv: string): string {
  return csv
    .trim()
    .split('\n')
    .map((line) => line.split(', ').reverse().join(', '))
    .join('\n');
}

describe('parseQueryGpuCsv', () => {
  it('finds columns by name, so any field order works', () => {
    expect(parseQueryGpuCsv(reverseColumns(h100))).toEqual(expected);
  });

  it('reads a Windows capture with CRLF line ends', () => {
    expect(parseQueryGpuCsv(h100.replace(/\n/g, '\r\n'))).toEqual(expected);
  });

  it('skips a header line even when the caller passed its field list', () => {
    const fields = (h100.split('\n', 1)[0]?.split(', ') ?? []).map((name) => name.replace(/ \[.*\]$/, ''));
    expect(parseQueryGpuCsv(h100, { fields })).toEqual(expected);
  });

  it('throws on output that is not a --query-gpu table', () => {
    expect(() => parseQueryGpuCsv('')).toThrow('printed nothing');
    expect(() => parseQueryGpuCsv('Segmentation fault\n')).toThrow('not a --query-gpu table');
    expect(() => parseQueryGpuCsv('index, name\n0, A, extra\n')).toThrow('3 values for 2 columns');
  });

  it('a header with no rows is no GPUs', () => {
    expect(parseQueryGpuCsv('index, uuid, power.draw [W]\n')).toEqual([]);
  });
});
