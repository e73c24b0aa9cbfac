import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, isValidDeviceId, NodetallyError } from '@nodetally/shared';

/**
 * The device id and the seq counter survive restarts. Writing the counter on every sample would wear
 * out a Raspberry Pi's SD card, so seqs are reserved in blocks: the file records the highest seq
 * handed out or reservable, and a restart continues above it. A crash skips at most one block; seqs
 * never repeat and never go backwards.
 */
export const SEQ_BLOCK = 100;

interface StateFile {
  device_id: string;
  seq_reserved_through: number;
}

function writeAtomically(path: string, content: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function defaultDeviceId(host = hostname()): string {
  const base =
    host
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 40) || 'device';
  let seed: string;
  try {
    seed = readFileSync('/etc/machine-id', 'utf8').trim();
  } catch {
    seed = randomBytes(16).toString('hex');
  }
  return `${base}-${createHash('sha256').update(seed).digest('hex').slice(0, 6)}`;
}

export class AgentState {
  private readonly path: string;
  private state: StateFile;
  private nextSeq: number;

  private constructor(path: string, state: StateFile) {
    this.path = path;
    this.state = state;
    this.nextSeq = state.seq_reserved_through + 1;
  }

  static open(configuredDir: string, configuredDeviceId?: string): AgentState {
    const stateDir = configuredDir.replace(/^~(?=$|\/)/, homedir());
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const path = join(stateDir, 'state.json');
    let existing: StateFile | undefined;
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as Partial<StateFile>;
        if (
          typeof parsed.device_id !== 'string' ||
          !isValidDeviceId(parsed.device_id) ||
          !Number.isSafeInteger(parsed.seq_reserved_through) ||
          (parsed.seq_reserved_through as number) < 0
        ) {
          throw new Error('unexpected shape');
        }
        existing = parsed as StateFile;
      } catch (cause) {
        // Refuse rather than restart seqs at 1: the hub would drop every new sample as a duplicate.
        throw new NodetallyError(
          ErrorCodes.STATE_CORRUPT,
          `agent state ${path} is unreadable; fix or remove it`,
          {
            cause,
          },
        );
      }
    }
    const deviceId = configuredDeviceId ?? existing?.device_id ?? defaultDeviceId();
    const state = new AgentState(path, {
      device_id: deviceId,
      seq_reserved_through: existing?.seq_reserved_through ?? 0,
    });
    if (!existing || existing.device_id !== deviceId) state.persist();
    return state;
  }

  get deviceId(): string {
    return this.state.device_id;
  }

  /** The seq the next sample will get, without handing it out. */
  peekSeq(): number {
    return this.nextSeq;
  }

  takeSeq(): number {
    const seq = this.nextSeq;
    if (seq > this.state.seq_reserved_through) {
      this.state.seq_reserved_through = seq + SEQ_BLOCK - 1;
      this.persist();
    }
    this.nextSeq = seq + 1;
    return seq;
  }

  private persist(): void {
    writeAtomically(this.path, `${JSON.stringify(this.state)}\n`);
  }
}
