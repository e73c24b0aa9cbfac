import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Ack, Meta, Sample, Status } from './schemas/index.js';
import type { TopicKind } from './topics.js';

/** Payloads above this are refused before parsing; a Sample of a 64-disk, 64-NIC machine is ~20 KiB. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

export const MessageSchemas = { samples: Sample, meta: Meta, status: Status, ack: Ack } as const;
export type MessageOf<K extends TopicKind> = Static<(typeof MessageSchemas)[K]>;

export type RejectReason = 'too_large' | 'invalid_json' | 'schema';

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: RejectReason; detail: string };

const compiled = {
  samples: TypeCompiler.Compile(Sample),
  meta: TypeCompiler.Compile(Meta),
  status: TypeCompiler.Compile(Status),
  ack: TypeCompiler.Compile(Ack),
};

/** First few schema errors as `/path: message`, enough to fix a sender without flooding a log. */
function describeErrors(
  schema: { Errors(value: unknown): Iterable<{ path: string; message: string }> },
  value: unknown,
) {
  const lines: string[] = [];
  for (const error of schema.Errors(value)) {
    lines.push(`${error.path || '/'}: ${error.message}`);
    if (lines.length === 5) break;
  }
  return lines.join('; ');
}

export function validateMessage<K extends TopicKind>(kind: K, value: unknown): Decoded<MessageOf<K>> {
  const validator = compiled[kind];
  if (validator.Check(value)) return { ok: true, value: value as MessageOf<K> };
  return { ok: false, reason: 'schema', detail: describeErrors(validator, value) };
}

/** Size check, JSON parse and schema check of a raw MQTT payload — the only way the hub reads one. */
export function decodeMessage<K extends TopicKind>(
  kind: K,
  payload: Uint8Array | string,
): Decoded<MessageOf<K>> {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'too_large', detail: `${size} bytes > ${MAX_PAYLOAD_BYTES}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'invalid_json', detail: (error as Error).message };
  }
  return validateMessage(kind, parsed);
}

export function schemaFor<K extends TopicKind>(kind: K): TSchema {
  return MessageSchemas[kind];
}
