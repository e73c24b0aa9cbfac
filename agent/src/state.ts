import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, isValidDeviceId, NodetallyError } from '@nodetally/shared';
import { writeFileAtomic } from './outbox/files.js';

/**
 * What the agent keeps besides its outbox: the device id. The seq counter lives in the outbox,
 * whose newest record (or last ack) is the last seq handed out.
 */
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

export const expandHome = (path: string) => path.replace(/^~(?=$|\/)/, homedir());

export class AgentState {
  private constructor(
    readonly dir: string,
    readonly deviceId: string,
  ) {}

  static open(configuredDir: string, configuredDeviceId?: string): AgentState {
    const dir = expandHome(configuredDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, 'state.json');
    let stored: string | undefined;
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as { device_id?: unknown };
        if (typeof parsed.device_id !== 'string' || !isValidDeviceId(parsed.device_id))
          throw new Error('bad device_id');
        stored = parsed.device_id;
      } catch (cause) {
        throw new NodetallyError(
          ErrorCodes.STATE_CORRUPT,
          `agent state ${path} is unreadable; fix or remove it`,
          {
            cause,
          },
        );
      }
    }
    const deviceId = configuredDeviceId ?? stored ?? defaultDeviceId();
    if (deviceId !== stored) writeFileAtomic(path, `${JSON.stringify({ device_id: deviceId })}\n`);
    return new AgentState(dir, deviceId);
  }

  get outboxDir(): string {
    return join(this.dir, 'outbox');
  }
}
