import { closeSync, fsyncSync, openSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SEGMENT_PATTERN = /^(\d{16})\.log$/;

export const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(16, '0')}.log`;

/** Segment files in seq order; each is named after the first seq it holds. */
export function listSegments(dir: string): Array<{ path: string; firstSeq: number }> {
  return readdirSync(dir)
    .map((name) => SEGMENT_PATTERN.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ path: join(dir, match[0]), firstSeq: Number(match[1]) }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

/** Makes a new or renamed directory entry durable, not only the file's content. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, path);
}
