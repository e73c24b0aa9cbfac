import { parseTopic } from '@nodetally/shared';

/**
 * Plain functions behind aedes' authorize hooks, testable without a broker. Devices may publish
 * their own samples, status and meta, and subscribe to their acks; only the hub publishes acks.
 */
export function mayPublish(topic: string): boolean {
  if (topic.startsWith('$SYS/')) return false;
  const parsed = parseTopic(topic);
  return parsed !== null && parsed.kind !== 'ack';
}

export function maySubscribe(topicFilter: string): boolean {
  const parsed = parseTopic(topicFilter);
  return parsed !== null && parsed.kind === 'ack';
}
