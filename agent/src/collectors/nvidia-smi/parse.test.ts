import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Gpu } from '@nodetally/shared';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { parseQueryGpuCsv } from './csv.js';
import { parseNvidiaSmiXml } from './xml.js';

const testdata = join(import.meta.dirname, 'testdata');
const captures = readdirSync(testdata).filter((file) => /\.(csv|xml)$/.test(file));

interface Expected {
  /** For `--format=csv,noheader`: the field list that was asked for. */
  fields?: string[];
  gpus: unknown[];
}

function parse(file: string, expected: Expected) {
  const text = readFileSync(join(testdata, file), 'utf8');
  if (file.endsWith('.xml')) return parseNvidiaSmiXml(text);
  return parseQueryGpuCsv(text, expected.fields ? { fields: expected.fields } : {});
}

describe('nvidia-smi parsers on every capture in testdata/', () => {
  it('has captures of both kinds', () => {
    expect(captures.filter((file) => file.endsWith('.xml')).length).toBeGreaterThanOrEqual(8);
    expect(captures.filter((file) => file.endsWith('.csv')).length).toBeGreaterThanOrEqual(7);
  });

  it.each(captures)('%s', (file) => {
    const base = file.replace(/\.(csv|xml)$/, '');
    // Each capture sits beside its provenance and the values read off it by hand.
    expect(readdirSync(testdata)).toContain(`${base}.source.txt`);
    const expected = JSON.parse(readFileSync(join(testdata, `${base}.expected.json`), 'utf8')) as Expected;
    const gpus = parse(file, expected);
    expect(gpus).toEqual(expected.gpus);
    for (const gpu of gpus) expect([...Value.Errors(Gpu, gpu)]).toEqual([]);
  });
});
