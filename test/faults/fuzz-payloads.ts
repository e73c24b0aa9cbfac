import { decodeMessage } from '../../shared/src/validate.js';
import { mulberry32 } from '../support/prng.js';
import { validSample } from '../support/sample.js';

/** mulberry32: a small seeded PRNG, so a failing fuzz run reproduces from its printed seed. */
export function prng(seed: number) {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => int(0, 255)));
  return { next, int, pick, bytes };
}
export type Rng = ReturnType<typeof prng>;

export interface FuzzCase {
  kind: 'samples' | 'status';
  label: string;
  payload: Buffer;
}

const DAY = 86_400_000;
const SWAPS: unknown[] = [
  'x',
  '',
  true,
  false,
  null,
  [],
  {},
  0,
  -1,
  0.5,
  1e300,
  -1e300,
  2 ** 53,
  2 ** 64,
  'NaN',
  [1, 2],
  { v: 1 },
];
const HUGE = [1e20, 2 ** 53, 2 ** 63, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -0, 2 ** 52];
const NUMBER_TEXT = [
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '-Infinity',
  '01',
  '1.',
  '.5',
  '0x10',
  '1e-999',
  '-0',
];
const BAD_IDS = ['other-dev', 'fault-fuzz2', '', '../x', '+', '#', 'x'.repeat(65), 'FAULT-FUZZ', 'a/b', 'é'];

type Obj = Record<string, unknown>;

/** A path to a random leaf of the sample: a top-level key, or a key of its first disk or interface. */
function randomSlot(rng: Rng, sample: Obj): [Obj, string] {
  const nested = rng.next() < 0.25;
  if (nested) {
    const list = sample[rng.pick(['disks', 'net'])];
    const first = Array.isArray(list) ? (list[0] as Obj | undefined) : undefined;
    if (first && typeof first === 'object') return [first, rng.pick(Object.keys(first))];
  }
  return [sample, rng.pick(Object.keys(sample))];
}

const firstOf = (list: unknown): Obj | undefined =>
  Array.isArray(list) && typeof list[0] === 'object' ? (list[0] as Obj) : undefined;

function mutateObject(rng: Rng, sample: Obj, now: number, validSeqs: number[]): string {
  const kind = rng.int(0, 10);
  switch (kind) {
    case 0: {
      const [target, key] = randomSlot(rng, sample);
      target[key] = rng.pick(SWAPS);
      return `type swap ${key}`;
    }
    case 1: {
      const [target, key] = randomSlot(rng, sample);
      delete target[key];
      return `delete ${key}`;
    }
    case 2: {
      const [target] = randomSlot(rng, sample);
      target[rng.pick(['extra', 'gpu_power_w', 'SEQ', '__proto__x', 'constructor'])] = rng.pick(SWAPS);
      return 'extra field';
    }
    case 3: {
      const [target, key] = randomSlot(rng, sample);
      target[key] = rng.pick(HUGE);
      return `huge number ${key}`;
    }
    case 4: {
      const key = rng.pick(['boot_id', 'device_id', 'disks.mount', 'net.iface']);
      const text = 'x'.repeat(rng.pick([65, 513, 10_000, 100_000, 270_000]));
      if (key === 'disks.mount') sample.disks = [{ ...firstOf(sample.disks), mount: text }];
      else if (key === 'net.iface') sample.net = [{ ...firstOf(sample.net), iface: text }];
      else sample[key] = text;
      return `long string ${key}`;
    }
    case 5:
      sample.device_id = rng.pick(BAD_IDS);
      return 'wrong device id';
    case 6: {
      const future = rng.next() < 0.5;
      sample.ts = future
        ? now + rng.int(10 * 60_000, 10 * 365 * DAY)
        : rng.pick([now - rng.int(91 * DAY, 5 * 365 * DAY), 0, -1, 1_577_836_799_999, now + 0.5]);
      return future ? 'future ts' : 'past ts';
    }
    case 7: {
      const list = rng.pick(['disks', 'net']);
      const item = (validSample() as unknown as Record<string, Obj[]>)[list]?.[0];
      sample[list] = Array.from({ length: rng.int(65, 3_000) }, () => item);
      return `huge array ${list}`;
    }
    case 8:
      sample.seq = rng.pick([0, -1, 1.5, '1', 2 ** 53, rng.pick(validSeqs.length ? validSeqs : [1])]);
      return 'seq mutation';
    case 9:
      for (const key of ['cpu_temp_c', 'outbox_pending', 'outbox_dropped_total']) {
        if (rng.next() < 0.5) delete sample[key];
        else sample[key] = key === 'cpu_temp_c' ? rng.pick([null, -40, 85.5]) : rng.int(0, 1_000);
      }
      sample.cpu_load_pct = rng.pick([null, 0, 100, 55.5]);
      return 'valid optional fields';
    default:
      return 'unchanged';
  }
}

function mutateText(rng: Rng, text: string): [string, string] {
  const kind = rng.int(0, 6);
  switch (kind) {
    case 0: {
      const key = rng.pick(['uptime_s', 'seq', 'ts', 'mem_used_bytes', 'cpu_load_pct', 'size_bytes']);
      return [text.replace(new RegExp(`("${key}":)[^,}\\]]*`), `$1${rng.pick(NUMBER_TEXT)}`), `raw ${key}`];
    }
    case 1:
      return [text.slice(0, rng.int(0, text.length - 1)), 'truncated'];
    case 2: {
      const depth = rng.pick([10, 1_000, 20_000, 100_000]);
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      return [text.replace(/("disks":)/, `$1${nested},"x":`), `nesting ${depth}`];
    }
    case 3: {
      const depth = rng.pick([100, 10_000, 50_000]);
      return [
        `${text.slice(0, -1)},"deep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
        `object nesting ${depth}`,
      ];
    }
    case 4:
      return [`${text.slice(0, -1)},"__proto__":{"polluted":1}}`, '__proto__ key'];
    case 5:
      return [`\ufeff${text}`, 'BOM'];
    default:
      return [`${text}${rng.pick(['}', ' garbage', '\u0000', ',{}'])}`, 'trailing junk'];
  }
}

/**
 * `count` payloads for the device's own topics: mutations of a valid Sample (object- and text-level),
 * random bytes, status messages, and some valid samples and exact resends as controls.
 */
export function generateCases(rng: Rng, deviceId: string, count: number, now: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const validSeqs: number[] = [];
  let seq = 0;
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    if (roll < 0.05) {
      const payload =
        rng.next() < 0.5
          ? rng.bytes(rng.int(0, 64))
          : Buffer.from(
              JSON.stringify({
                v: rng.pick([1, 2, '1']),
                state: rng.pick(['online', 'offline', 'maybe']),
                ...(rng.next() < 0.5 ? { ts: rng.pick([now, 0, 'now']) } : {}),
              }),
            );
      cases.push({ kind: 'status', label: 'status', payload });
      continue;
    }
    if (roll < 0.12) {
      cases.push({ kind: 'samples', label: 'random bytes', payload: rng.bytes(rng.int(0, 2_000)) });
      continue;
    }
    if (roll < 0.15 && cases.length > 0) {
      const earlier = rng.pick(cases);
      cases.push({ ...earlier, label: `resend of ${earlier.label}` });
      continue;
    }
    seq++;
    const sample = validSample({ device_id: deviceId, seq, ts: now - rng.int(0, 60_000) }) as Obj;
    const labels: string[] = [];
    const rounds = roll < 0.2 ? 0 : rng.int(1, 3);
    for (let r = 0; r < rounds; r++) labels.push(mutateObject(rng, sample, now, validSeqs));
    let text = JSON.stringify(sample);
    if (rng.next() < 0.3) {
      const [mutated, label] = mutateText(rng, text);
      text = mutated;
      labels.push(label);
    }
    if (typeof sample.seq === 'number' && Number.isSafeInteger(sample.seq)) validSeqs.push(sample.seq);
    let payload = Buffer.from(text);
    // Stay under the hub's MQTT packet cap: a bigger packet drops the connection (the raw part tests that).
    if (payload.length > 500_000) {
      payload = payload.subarray(0, 500_000);
      labels.push('cut to 500 kB');
    }
    cases.push({ kind: 'samples', label: labels.join(', ') || 'valid', payload });
  }
  return cases;
}

/** The outcome the hub must reach for one payload on the device's own topic (its documented rules). */
export type Outcome = 'sample' | 'status_ok' | 'ignored' | string;

export function expectedOutcome(
  c: FuzzCase,
  deviceId: string,
  now: number,
): { outcome: Outcome; seq?: number; ts?: number } {
  if (c.kind === 'status') {
    if (c.payload.length === 0) return { outcome: 'ignored' };
    const decoded = decodeMessage('status', c.payload);
    return { outcome: decoded.ok ? 'status_ok' : decoded.reason };
  }
  const decoded = decodeMessage('samples', c.payload);
  if (!decoded.ok) return { outcome: decoded.reason };
  const sample = decoded.value;
  if (sample.device_id !== deviceId) return { outcome: 'device_mismatch' };
  if (sample.ts > now + 5 * 60_000) return { outcome: 'ts_future' };
  if (sample.ts < now - 90 * DAY) return { outcome: 'ts_past' };
  return { outcome: 'sample', seq: sample.seq, ts: sample.ts };
}

/** MQTT "remaining length" varint. */
export function varint(value: number): Buffer {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return Buffer.from(out);
}

const utf8 = (text: string) => {
  const bytes = Buffer.from(text);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
};

/** An MQTT 3.1.1 CONNECT with username and password. */
export function connectPacket(clientId: string, username: string, password: string): Buffer {
  const body = Buffer.concat([
    utf8('MQTT'),
    Buffer.from([4, 0xc2, 0, 30]),
    utf8(clientId),
    utf8(username),
    utf8(password),
  ]);
  return Buffer.concat([Buffer.from([0x10]), varint(body.length), body]);
}

export interface RawCase {
  label: string;
  bytes: Buffer;
  /** A CONNECT with a wrong password: the broker must count an auth failure. */
  badAuth?: boolean;
}

/** Raw bytes for one TCP connection to the broker: random, framed garbage, oversized, partial. */
export function generateRawCase(
  rng: Rng,
  deviceId: string,
  token: string,
  maxPacketBytes: number,
  i: number,
): RawCase {
  const garbagePacket = () => {
    const body = rng.bytes(rng.int(0, 200));
    return Buffer.concat([Buffer.from([rng.int(0, 255)]), varint(body.length), body]);
  };
  const kind = rng.int(0, 7);
  switch (kind) {
    case 0:
      return { label: 'random bytes', bytes: rng.bytes(rng.int(1, 300)) };
    case 1:
      return { label: 'framed garbage', bytes: garbagePacket() };
    case 2:
      return {
        label: 'oversized remaining length',
        bytes: Buffer.concat([
          Buffer.from([rng.pick([0x10, 0x30, 0x32, 0x82])]),
          varint(rng.int(maxPacketBytes + 1, 268_435_455)),
          rng.bytes(rng.int(0, 100)),
        ]),
      };
    case 3:
      return {
        label: 'five-byte remaining length',
        bytes: Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f, ...rng.bytes(10)]),
      };
    case 4: {
      const connect = connectPacket(`raw-${i}`, deviceId, token);
      return { label: 'partial CONNECT', bytes: connect.subarray(0, rng.int(1, connect.length - 1)) };
    }
    case 5:
      return {
        label: 'CONNECT with a wrong password',
        bytes: connectPacket(`raw-${i}`, deviceId, `${token}x`),
        badAuth: true,
      };
    case 6:
      return {
        label: 'authenticated, then garbage',
        bytes: Buffer.concat([
          connectPacket(`raw-${i}`, deviceId, token),
          ...Array.from({ length: rng.int(1, 5) }, garbagePacket),
        ]),
      };
    default: {
      // A PUBLISH that announces more body than it sends: the broker waits, then the client goes away.
      const body = rng.bytes(rng.int(0, 50));
      return {
        label: 'authenticated, then a partial packet',
        bytes: Buffer.concat([
          connectPacket(`raw-${i}`, deviceId, token),
          Buffer.from([0x30]),
          varint(body.length + rng.int(1, 1_000)),
          body,
        ]),
      };
    }
  }
}
