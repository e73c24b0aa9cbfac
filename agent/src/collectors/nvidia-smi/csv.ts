import type { Gpu } from '@nodetally/shared';
import { PROPERTIES, type Property } from './fields.js';
import { celsius, enabled, firstOf, mhz, mibToBytes, num, pct, pstate, text, watts } from './values.js';

/** `memory.used [MiB]` → `memory.used`: the header carries units unless `nounits` was asked for. */
const stripUnit = (header: string) => header.replace(/\s*\[[^\]]*\]\s*$/, '').trim();

const splitRow = (line: string) => line.split(',').map((value) => value.trim());

export interface CsvOptions {
  /** The field list asked for with `--format=csv,noheader`; without it the first line is the header. */
  fields?: readonly string[];
}

/**
 * Parses `nvidia-smi --query-gpu=… --format=csv[,noheader][,nounits]`. Columns are found by name,
 * so any field order (and any extra field) works. Throws on output that is not such a table.
 */
export function parseQueryGpuCsv(output: string, options: CsvOptions = {}): Gpu[] {
  const lines = output.split(/\r?\n/).filter((line) => line.trim() !== '');
  let columns: string[];
  if (options.fields) {
    columns = options.fields.map(stripUnit);
    // Tolerate a header even when the caller asked for noheader.
    const first = lines[0] === undefined ? [] : splitRow(lines[0]).map(stripUnit);
    if (first.length === columns.length && first.every((name, i) => name === columns[i])) lines.shift();
  } else {
    const header = lines.shift();
    if (header === undefined) throw new Error('nvidia-smi printed nothing');
    columns = splitRow(header).map(stripUnit);
  }
  const position = new Map(columns.map((name, i) => [name, i]));
  if (!position.has('index') && !position.has('uuid') && !position.has('gpu_uuid')) {
    throw new Error(
      `not a --query-gpu table: ${JSON.stringify(lines[0] ?? columns.join(',')).slice(0, 120)}`,
    );
  }

  return lines.map((line, row) => {
    const cells = splitRow(line);
    if (cells.length !== columns.length) {
      throw new Error(`row ${row + 1} has ${cells.length} values for ${columns.length} columns`);
    }
    // Each property's readings in preference order, from whichever of its names was asked for.
    const get = (property: Property) =>
      PROPERTIES[property].map((name) => {
        const i = position.get(name);
        return i === undefined ? undefined : cells[i];
      });
    const one = (property: Property) => get(property).find((value) => value !== undefined);
    const index = num(one('index'));
    return {
      vendor: 'nvidia',
      index: index !== null && Number.isInteger(index) && index >= 0 && index <= 1023 ? index : row,
      uuid: text(one('uuid'), 128),
      name: text(one('name')),
      util_gpu_pct: pct(one('utilGpu')),
      util_mem_pct: pct(one('utilMem')),
      mem_used_bytes: mibToBytes(one('memUsed')),
      mem_total_bytes: mibToBytes(one('memTotal')),
      temp_c: celsius(one('temp')),
      power_draw_w: firstOf(...get('powerDraw').map(watts)),
      power_limit_w: firstOf(...get('powerLimit').map(watts)),
      fan_pct: pct(one('fan')),
      pstate: pstate(one('pstate')),
      clock_sm_mhz: mhz(one('clockSm')),
      clock_mem_mhz: mhz(one('clockMem')),
      mig_mode: enabled(one('mig')),
    };
  });
}
