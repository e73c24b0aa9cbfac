import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Gpu } from '@nodetally/shared';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { parseRocmSmiJson } from './parse.js';

const testdata = join(import.meta.dirname, 'testdata');
const captures = readdirSync(testdata).filter(
  (file) => file.endsWith('.json') && !file.endsWith('.expected.json'),
);

describe('parseRocmSmiJson on every capture in testdata/', () => {
  it.each(captures)('%s', (file) => {
    const base = file.replace(/\.json$/, '');
    expect(readdirSync(testdata)).toContain(`${base}.source.txt`);
    const expected = JSON.parse(readFileSync(join(testdata, `${base}.expected.json`), 'utf8'));
    const gpus = parseRocmSmiJson(readFileSync(join(testdata, file), 'utf8'));
    expect(gpus).toEqual(expected.gpus);
    for (const gpu of gpus) expect([...Value.Errors(Gpu, gpu)]).toEqual([]);
  });
});

describe('parseRocmSmiJson', () => {
  const capture = readFileSync(join(testdata, 'rocm-smi-mi100-rocm602.json'), 'utf8');

  it('tolerates a warning line before the JSON', () => {
    expect(parseRocmSmiJson(`WARNING: something\n${capture}`)).toHaveLength(4);
  });

  it('a reading marked N/A is null', () => {
    const card = JSON.parse(capture).card0;
    const text = JSON.stringify({ card0: { ...card, 'GPU use (%)': 'N/A', 'Unique ID': 'N/A' } });
    expect(parseRocmSmiJson(text)[0]).toMatchObject({ util_gpu_pct: null, uuid: null });
  });

  it('throws on output without JSON', () => {
    expect(() => parseRocmSmiJson('ERROR: no GPUs\n')).toThrow('no JSON object');
    expect(() => parseRocmSmiJson('{ not json }')).toThrow();
  });
});
