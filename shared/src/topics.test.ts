import { describe, expect, it } from 'vitest';
import { NodetallyError } from './errors.js';
import { assertPublishableTopic, buildTopic, parseTopic, subscriptionFilter } from './topics.js';

describe('topics', () => {
  it('builds and parses every kind', () => {
    for (const kind of ['samples', 'status', 'meta', 'ack'] as const) {
      const topic = buildTopic('rig-01', kind);
      expect(topic).toBe(`nodetally/v1/rig-01/${kind}`);
      expect(parseTopic(topic)).toEqual({ deviceId: 'rig-01', kind });
    }
  });

  it.each(['+', '#', 'a/b', '', 'bad id', '-leading', 'x'.repeat(65)])('refuses device id %j', (id) => {
    expect(() => buildTopic(id, 'samples')).toThrow(NodetallyError);
  });

  it.each([
    'nodetally/v1/rig/unknown',
    'nodetally/v2/rig/samples',
    'nodetally/v1/rig/samples/extra',
    'nodetally/v1/+/samples',
    'nodetally/v1/#',
    '$SYS/broker/uptime',
    '',
  ])('parseTopic rejects %j', (topic) => {
    expect(parseTopic(topic)).toBeNull();
  });

  it('refuses wildcards on publish', () => {
    expect(() => assertPublishableTopic('nodetally/v1/+/samples')).toThrow(/refusing to publish/);
    expect(() => assertPublishableTopic('nodetally/#')).toThrow(NodetallyError);
    expect(() => assertPublishableTopic('nodetally/v1/a/samples')).not.toThrow();
  });

  it('subscription filters use single-level wildcards only in the device position', () => {
    expect(subscriptionFilter('samples')).toBe('nodetally/v1/+/samples');
    expect(subscriptionFilter('#')).toBe('nodetally/v1/+/#');
  });
});
