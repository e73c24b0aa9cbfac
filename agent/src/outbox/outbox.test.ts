import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRecords, encodeRecord } from './codec.js';
import { listSegments } from './files.js';
import { Outbox } from './outbox.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'nt-outbox-'));
const payload = (seq: number) => Buffer.from(JSON.stringify({ seq, filler: 'x'.repeat(100) }));
const fill = (outbox: Outbox, from: number, to: number) => {
  for (let seq = from; seq <= to; seq++) outbox.append(seq, payload(seq));
};
const seqs = (outbox: Outbox, after = 0) => outbox.readPending(after, 1e9).map((r) => r.seq);

describe('record codec', () => {
  it('round-trips and stops at a torn or corrupt record', () => {
    const a = encodeRecord(1, Buffer.from('one'));
    const b = encodeRecord(2, Buffer.from('two'));
    expect(decodeRecords(Buffer.concat([a, b]))).toMatchObject({ validBytes: a.length + b.length });
    expect(decodeRecords(Buffer.concat([a, b.subarray(0, b.length - 1)])).validBytes).toBe(a.length);
    const flipped = Buffer.from(b);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 0xff, flipped.length - 1);
    const decoded = decodeRecords(Buffer.concat([a, flipped]));
    expect(decoded.records.map((r) => r.payload.toString())).toEqual(['one']);
  });
});

describe('Outbox', () => {
  it('keeps appended records until acked, across a reopen', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    fill(outbox, 1, 5);
    outbox.ack(2);
    expect(seqs(outbox)).toEqual([3, 4, 5]);
    expect(outbox.pendingCount).toBe(3);
    outbox.close();
    const reopened = Outbox.open(dir);
    expect(reopened.lastSeq).toBe(5);
    expect(reopened.ackedSeq).toBe(2);
    expect(seqs(reopened)).toEqual([3, 4, 5]);
    expect(reopened.readPending(0, 2).map((r) => JSON.parse(r.payload.toString()).seq)).toEqual([3, 4]);
  });

  it('reports its floor: the oldest seq it still holds unacked, or the next seq', () => {
    const outbox = Outbox.open(tempDir(), { segmentBytes: 512, maxBytes: 2048 });
    expect(outbox.floorSeq).toBe(1);
    fill(outbox, 1, 5);
    expect(outbox.floorSeq).toBe(1);
    outbox.ack(3);
    expect(outbox.floorSeq).toBe(4);
    outbox.ack(5);
    expect(outbox.floorSeq).toBe(6);
    fill(outbox, 6, 80);
    // Drop-oldest moved the floor past samples that are gone for good.
    expect(outbox.floorSeq).toBe(seqs(outbox)[0]);
    expect(outbox.floorSeq).toBeGreaterThan(6);
  });

  it('refuses a seq that does not grow', () => {
    const outbox = Outbox.open(tempDir());
    fill(outbox, 1, 3);
    expect(() => outbox.append(3, payload(3))).toThrow(RangeError);
    expect(() => outbox.append(2, payload(2))).toThrow(RangeError);
  });

  it('a torn last record (power cut mid-write) is cut; everything before it is kept', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    fill(outbox, 1, 10);
    outbox.close();
    const [segment] = listSegments(dir);
    const path = (segment as { path: string }).path;
    truncateSync(path, statSync(path).size - 7);
    const reopened = Outbox.open(dir);
    expect(reopened.lastSeq).toBe(9);
    expect(seqs(reopened)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    reopened.append(10, payload(10));
    expect(seqs(reopened).at(-1)).toBe(10);
    reopened.close();
    expect(seqs(Outbox.open(dir))).toHaveLength(10);
  });

  it('garbage after the last record is cut, not read as records', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    fill(outbox, 1, 3);
    outbox.close();
    appendFileSync(
      (listSegments(dir)[0] as { path: string }).path,
      Buffer.from([0, 0, 0, 20, 1, 2, 3, 4, 5, 6]),
    );
    const reopened = Outbox.open(dir);
    expect(seqs(reopened)).toEqual([1, 2, 3]);
    expect(reopened.lastSeq).toBe(3);
  });

  it('rotates segments and deletes a segment once all of it is acked', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir, { segmentBytes: 1024 });
    fill(outbox, 1, 40);
    const before = listSegments(dir).length;
    expect(before).toBeGreaterThan(3);
    outbox.ack(30);
    expect(listSegments(dir).length).toBeLessThan(before);
    expect(seqs(outbox)).toEqual(Array.from({ length: 10 }, (_, i) => 31 + i));
  });

  it('drops the oldest segment past maxBytes and counts every unacked sample it held', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir, { segmentBytes: 1024, maxBytes: 4096 });
    fill(outbox, 1, 200);
    expect(outbox.sizeBytes).toBeLessThanOrEqual(4096);
    const kept = seqs(outbox);
    expect(kept.at(-1)).toBe(200);
    expect(outbox.droppedTotal).toBe(200 - kept.length);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => (kept[0] as number) + i));
    outbox.close();
    expect(Outbox.open(dir, { segmentBytes: 1024, maxBytes: 4096 }).droppedTotal).toBe(200 - kept.length);
  });

  it('remembers the last seq when everything was acked and the segments are gone', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir, { segmentBytes: 512 });
    fill(outbox, 1, 20);
    outbox.ack(20);
    outbox.close();
    const reopened = Outbox.open(dir, { segmentBytes: 512 });
    expect(reopened.lastSeq).toBe(20);
    expect(reopened.pendingCount).toBe(0);
    expect(Outbox.peekLastSeq(dir)).toBe(20);
  });

  it('an ack beyond what was sent is clamped; an older ack changes nothing', () => {
    const outbox = Outbox.open(tempDir());
    fill(outbox, 1, 3);
    outbox.ack(100);
    expect(outbox.ackedSeq).toBe(3);
    outbox.ack(1);
    expect(outbox.ackedSeq).toBe(3);
  });

  it('a torn state file costs only resends, not records', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    fill(outbox, 1, 4);
    outbox.ack(2);
    outbox.close();
    writeFileSync(join(dir, 'state.json'), '{"acked_');
    const reopened = Outbox.open(dir);
    expect(reopened.ackedSeq).toBe(0);
    expect(seqs(reopened)).toEqual([1, 2, 3, 4]);
    expect(readdirSync(dir).some((name) => name.endsWith('.log'))).toBe(true);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toContain('acked');
  });
});
