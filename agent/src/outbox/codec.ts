import { crc32 } from 'node:zlib';

/**
 * One outbox record on disk: u32 body length, u32 CRC-32 of the body, then the body = u64 seq +
 * payload bytes, all big-endian. A torn write (power cut mid-append) fails the length or CRC check.
 */
export const HEADER_BYTES = 8;
const SEQ_BYTES = 8;
export const MAX_RECORD_BYTES = 1024 * 1024;

export interface OutboxRecord {
  seq: number;
  payload: Buffer;
}

export function encodeRecord(seq: number, payload: Buffer): Buffer {
  const body = Buffer.allocUnsafe(SEQ_BYTES + payload.length);
  body.writeBigUInt64BE(BigInt(seq), 0);
  payload.copy(body, SEQ_BYTES);
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32BE(body.length, 0);
  header.writeUInt32BE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

export interface DecodeResult {
  records: OutboxRecord[];
  /** Bytes from the start that hold whole, valid records; anything after is torn or corrupt. */
  validBytes: number;
}

export function decodeRecords(buffer: Buffer): DecodeResult {
  const records: OutboxRecord[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const checksum = buffer.readUInt32BE(offset + 4);
    const end = offset + HEADER_BYTES + length;
    if (length < SEQ_BYTES || length > MAX_RECORD_BYTES + SEQ_BYTES || end > buffer.length) break;
    const body = buffer.subarray(offset + HEADER_BYTES, end);
    if (crc32(body) !== checksum) break;
    records.push({ seq: Number(body.readBigUInt64BE(0)), payload: Buffer.from(body.subarray(SEQ_BYTES)) });
    offset = end;
  }
  return { records, validBytes: offset };
}
