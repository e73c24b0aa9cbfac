import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { decodeRecords, encodeRecord, type OutboxRecord } from './codec.js';
import { fsyncDir, listSegments, segmentName, writeFileAtomic } from './files.js';

export interface OutboxOptions {
  /** Upper bound of the outbox on disk; past it the oldest segment is dropped and counted. */
  maxBytes?: number;
  segmentBytes?: number;
  /** fsync after every append (default). Without it a power cut can lose the newest samples. */
  fsync?: boolean;
  log?: Logger;
}

interface Segment {
  path: string;
  firstSeq: number;
  lastSeq: number;
  bytes: number;
}

interface OutboxState {
  acked_seq: number;
  dropped_total: number;
}

/**
 * Every Sample is appended here before it is published and stays until the hub acks its seq. The
 * newest record also tells the next seq after a restart or a crash, so seqs never repeat or skip.
 */
export class Outbox {
  private readonly segments: Segment[] = [];
  private fd: number | null = null;
  private state: OutboxState = { acked_seq: 0, dropped_total: 0 };
  private last = 0;
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly fsync: boolean;

  private constructor(
    private readonly dir: string,
    options: OutboxOptions,
  ) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.segmentBytes = Math.min(options.segmentBytes ?? 1024 * 1024, this.maxBytes);
    this.fsync = options.fsync ?? true;
  }

  static open(dir: string, options: OutboxOptions = {}): Outbox {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const outbox = new Outbox(dir, options);
    outbox.load(options.log);
    return outbox;
  }

  /** The last seq handed out, read without opening (and so without repairing) the outbox of a running agent. */
  static peekLastSeq(dir: string): number {
    let acked = 0;
    try {
      acked = (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as OutboxState).acked_seq || 0;
    } catch {
      acked = 0;
    }
    let last = 0;
    try {
      const newest = listSegments(dir).at(-1);
      if (newest) last = decodeRecords(readFileSync(newest.path)).records.at(-1)?.seq ?? 0;
    } catch {
      last = 0;
    }
    return Math.max(acked, last);
  }

  private get statePath(): string {
    return join(this.dir, 'state.json');
  }

  private load(log: Logger | undefined): void {
    try {
      const parsed = JSON.parse(readFileSync(this.statePath, 'utf8')) as Partial<OutboxState>;
      if (Number.isSafeInteger(parsed.acked_seq) && Number.isSafeInteger(parsed.dropped_total)) {
        this.state = parsed as OutboxState;
      }
    } catch {
      // No state yet, or a torn one: acked 0 only means the hub sees some duplicates again.
    }
    for (const { path, firstSeq } of listSegments(this.dir)) {
      const bytes = readFileSync(path);
      const { records, validBytes } = decodeRecords(bytes);
      if (validBytes < bytes.length) {
        log?.warn(
          { segment: path, kept_bytes: validBytes, cut_bytes: bytes.length - validBytes },
          'outbox: torn record cut',
        );
        truncateSync(path, validBytes);
      }
      const lastRecord = records.at(-1);
      if (!lastRecord) {
        unlinkSync(path);
        continue;
      }
      this.segments.push({
        path,
        firstSeq: records[0]?.seq ?? firstSeq,
        lastSeq: lastRecord.seq,
        bytes: validBytes,
      });
    }
    this.last = Math.max(this.state.acked_seq, this.segments.at(-1)?.lastSeq ?? 0);
  }

  get lastSeq(): number {
    return this.last;
  }

  get ackedSeq(): number {
    return this.state.acked_seq;
  }

  get droppedTotal(): number {
    return this.state.dropped_total;
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.bytes, 0);
  }

  /** Oldest seq still held and not acked (the next seq when nothing is pending). */
  get floorSeq(): number {
    const oldest = this.segments[0]?.firstSeq ?? this.last + 1;
    return Math.max(this.state.acked_seq, oldest - 1) + 1;
  }

  /** Records not yet acked; seqs in the outbox are consecutive, so this is a difference. */
  get pendingCount(): number {
    const oldest = this.segments[0]?.firstSeq ?? this.last + 1;
    return Math.max(0, this.last - Math.max(this.state.acked_seq, oldest - 1));
  }

  append(seq: number, payload: Buffer): void {
    if (!Number.isSafeInteger(seq) || seq <= this.last) {
      throw new RangeError(`outbox: seq ${seq} must be above the last seq ${this.last}`);
    }
    const record = encodeRecord(seq, payload);
    let active = this.segments.at(-1);
    if (!active || this.fd === null || active.bytes + record.length > this.segmentBytes) {
      active = this.startSegment(seq, active);
    }
    try {
      writeSync(this.fd as number, record);
      if (this.fsync) fsyncSync(this.fd as number);
    } catch (error) {
      // A partial write (disk full) must not stay in the middle of the segment, where a later
      // open would cut every good record after it: put the segment back as it was.
      ftruncateSync(this.fd as number, active.bytes);
      throw error;
    }
    active.bytes += record.length;
    active.lastSeq = seq;
    this.last = seq;
    this.enforceBound();
  }

  private startSegment(firstSeq: number, current: Segment | undefined): Segment {
    if (this.fd !== null) closeSync(this.fd);
    // After a restart the newest segment is reopened for appending if it still has room.
    if (current && this.fd === null && current.bytes < this.segmentBytes) {
      this.fd = openSync(current.path, 'a', 0o600);
      return current;
    }
    const segment = {
      path: join(this.dir, segmentName(firstSeq)),
      firstSeq,
      lastSeq: firstSeq - 1,
      bytes: 0,
    };
    this.fd = openSync(segment.path, 'a', 0o600);
    if (this.fsync) fsyncDir(this.dir);
    this.segments.push(segment);
    return segment;
  }

  private enforceBound(): void {
    let dropped = 0;
    while (this.sizeBytes > this.maxBytes && this.segments.length > 1) {
      const oldest = this.segments.shift() as Segment;
      dropped += Math.max(0, oldest.lastSeq - Math.max(this.state.acked_seq, oldest.firstSeq - 1));
      unlinkSync(oldest.path);
    }
    if (dropped > 0) {
      this.state.dropped_total += dropped;
      this.saveState();
    }
  }

  /** Up to `limit` unacked records with seq > afterSeq, oldest first, read back from disk. */
  readPending(afterSeq: number, limit: number): OutboxRecord[] {
    const from = Math.max(afterSeq, this.state.acked_seq);
    const result: OutboxRecord[] = [];
    for (const segment of this.segments) {
      if (segment.lastSeq <= from) continue;
      for (const record of decodeRecords(readFileSync(segment.path)).records) {
        if (record.seq <= from) continue;
        result.push(record);
        if (result.length >= limit) return result;
      }
    }
    return result;
  }

  /** The hub committed everything up to `upToSeq`: forget it and delete whole acked segments. */
  ack(upToSeq: number): void {
    const upTo = Math.min(upToSeq, this.last);
    if (upTo <= this.state.acked_seq) return;
    this.state.acked_seq = upTo;
    this.saveState();
    while (this.segments.length > 1 && (this.segments[0] as Segment).lastSeq <= upTo) {
      unlinkSync((this.segments.shift() as Segment).path);
    }
  }

  private saveState(): void {
    writeFileAtomic(this.statePath, `${JSON.stringify(this.state)}\n`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.saveState();
  }
}
