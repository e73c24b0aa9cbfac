import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Outbox } from './outbox.js';

// ENOSPC cannot be produced on demand without mounting a small filesystem, which needs privileges
// CI may lack; so the real writeSync writes part of the record and then fails, as a full disk does.
const failNext = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeSync: (fd: number, buffer: Buffer) => {
      if (!failNext.on) return fs.writeSync(fd, buffer);
      failNext.on = false;
      fs.writeSync(fd, buffer.subarray(0, 10));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    },
  };
});

describe('Outbox on a full disk', () => {
  it('a failed append leaves no partial record behind; later appends stay readable after a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nt-full-'));
    const outbox = Outbox.open(dir);
    for (const seq of [1, 2, 3]) outbox.append(seq, Buffer.from(`sample ${seq}`));
    failNext.on = true;
    expect(() => outbox.append(4, Buffer.from('sample 4'))).toThrow(/ENOSPC/);
    expect(outbox.lastSeq).toBe(3);
    outbox.append(4, Buffer.from('sample 4'));
    outbox.append(5, Buffer.from('sample 5'));
    outbox.close();
    const reopened = Outbox.open(dir);
    expect(reopened.readPending(0, 10).map((r) => r.payload.toString())).toEqual([
      'sample 1',
      'sample 2',
      'sample 3',
      'sample 4',
      'sample 5',
    ]);
  });
});
