import { describe, expect, it } from 'vitest';
import { mayPublish, maySubscribe } from './authorize.js';

describe('broker authorization', () => {
  it.each([
    ['nodetally/v1/rig/samples', true],
    ['nodetally/v1/rig/status', true],
    ['nodetally/v1/rig/meta', true],
    ['nodetally/v1/rig/ack', false],
    ['$SYS/broker/uptime', false],
    ['nodetally/v1/rig/samples/x', false],
    ['anything/else', false],
  ])('publish %s -> %s', (topic, allowed) => {
    expect(mayPublish(topic)).toBe(allowed);
  });

  it.each([
    ['nodetally/v1/rig/ack', true],
    ['nodetally/v1/rig/samples', false],
    ['#', false],
    ['nodetally/v1/+/ack', false],
    ['$SYS/#', false],
  ])('subscribe %s -> %s', (filter, allowed) => {
    expect(maySubscribe(filter)).toBe(allowed);
  });
});
