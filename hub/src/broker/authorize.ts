import { parseTopic } from '@nodetally/shared';

/**
 * Plain functions behind aedes' authorize hooks, testable without a broker. `deviceId` is the
 * authenticated device; null when the hub runs without device auth (then any device id goes).
 * Devices publish only their own samples, status and meta and subscribe only to their own acks;
 * only the hub publishes acks, and nobody publishes to `$SYS/`.
 */
export function mayPublish(deviceId: string | null, topic: string): boolean {
  if (topic.startsWith('$SYS/')) return false;
  const parsed = parseTopic(topic);
  if (!parsed || parsed.kind === 'ack') return false;
  return deviceId === null || parsed.deviceId === deviceId;
}

export function maySubscribe(deviceId: string | null, topicFilter: string): boolean {
  const parsed = parseTopic(topicFilter);
  if (parsed?.kind !== 'ack') return false;
  return deviceId === null || parsed.deviceId === deviceId;
}
