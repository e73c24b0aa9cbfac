import { ErrorCodes, NodetallyError } from './errors.js';

export const TOPIC_ROOT = 'nodetally/v1';
export const TOPIC_KINDS = ['samples', 'status', 'meta', 'ack'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

/** A device id is one topic level: no `/`, `+`, `#`, no spaces; short enough to index. */
const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function isValidDeviceId(id: string): boolean {
  return DEVICE_ID_PATTERN.test(id);
}

export function assertDeviceId(id: string): void {
  if (!isValidDeviceId(id)) {
    throw new NodetallyError(
      ErrorCodes.DEVICE_ID_INVALID,
      `device id ${JSON.stringify(id)} must be 1-64 characters of A-Z a-z 0-9 _ . - and start with a letter or digit`,
    );
  }
}

/** Builds a concrete topic to publish to. Wildcards can never appear: the device id is validated. */
export function buildTopic(deviceId: string, kind: TopicKind): string {
  assertDeviceId(deviceId);
  if (!TOPIC_KINDS.includes(kind)) {
    throw new NodetallyError(ErrorCodes.TOPIC_INVALID, `unknown topic kind ${JSON.stringify(kind)}`);
  }
  return `${TOPIC_ROOT}/${deviceId}/${kind}`;
}

/** Topic filter for subscribing to one kind of message from every device. */
export function subscriptionFilter(kind: TopicKind | '#'): string {
  return kind === '#' ? `${TOPIC_ROOT}/+/#` : `${TOPIC_ROOT}/+/${kind}`;
}

export interface ParsedTopic {
  deviceId: string;
  kind: TopicKind;
}

/** Parses a concrete topic; returns null for anything that is not exactly `nodetally/v1/<id>/<kind>`. */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 4 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return null;
  const [, , deviceId, kind] = parts as [string, string, string, string];
  if (!isValidDeviceId(deviceId)) return null;
  if (!(TOPIC_KINDS as readonly string[]).includes(kind)) return null;
  return { deviceId, kind: kind as TopicKind };
}

/** True when a topic may be published to: MQTT forbids wildcards in a PUBLISH topic name. */
export function isPublishableTopic(topic: string): boolean {
  return topic.length > 0 && !topic.includes('+') && !topic.includes('#') && !topic.includes('\u0000');
}

export function assertPublishableTopic(topic: string): void {
  if (!isPublishableTopic(topic)) {
    throw new NodetallyError(ErrorCodes.TOPIC_WILDCARD, `refusing to publish to ${JSON.stringify(topic)}`);
  }
}
