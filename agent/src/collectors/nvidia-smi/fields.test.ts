import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseFields, FALLBACK_FIELDS, PROPERTIES, parseHelpQueryGpu } from './fields.js';

const help = readFileSync(join(import.meta.dirname, 'testdata/nvidia-smi-help-query-gpu-drv595.txt'), 'utf8');

describe('--query-gpu field names, checked against --help-query-gpu of driver 595', () => {
  const supported = parseHelpQueryGpu(help);

  it('reads every listed name and its aliases', () => {
    expect(supported.has('timestamp')).toBe(true);
    expect(supported.has('gpu_name')).toBe(true);
    expect(supported.has('clocks.sm')).toBe(true);
    // Description lines that merely quote a value are not field names.
    expect(supported.has('Supported')).toBe(false);
  });

  it('every name the parser knows is a real field', () => {
    for (const name of Object.values(PROPERTIES).flat()) expect(supported, name).toContain(name);
    for (const name of FALLBACK_FIELDS) expect(supported, name).toContain(name);
  });

  it('asks for one field per property, preferred names first', () => {
    expect(chooseFields(supported)).toEqual([
      'index',
      'uuid',
      'name',
      'utilization.gpu',
      'utilization.memory',
      'memory.used',
      'memory.total',
      'temperature.gpu',
      'power.draw',
      'power.limit',
      'fan.speed',
      'pstate',
      'clocks.current.sm',
      'clocks.current.memory',
      'mig.mode.current',
    ]);
  });

  it('leaves out a field the driver does not list (MIG before driver 450)', () => {
    const old = new Set([...supported].filter((name) => name !== 'mig.mode.current'));
    expect(chooseFields(old)).not.toContain('mig.mode.current');
  });

  it('falls back to fields every driver knows when the help text is unreadable', () => {
    expect(chooseFields(parseHelpQueryGpu('garbage\n"not a list'))).toEqual(FALLBACK_FIELDS);
  });
});
