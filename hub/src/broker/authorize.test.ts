import { describe, expect, it } from 'vitest';
import { mayPublish, maySubscribe } from './authorize.js';

describe('broker authorization for device "rig"', () => {
  it.each([
    ['nodetally/v1/rig/samples', true],
    ['nodetally/v1/rig/status', true],
    ['nodetally/v1/rig/meta', true],
    ['nodetally/v1/other/samples', false],
    ['nodetally/v1/rig/ack', false],
    ['$SYS/broker/uptime', false],
    ['nodetally/v1/rig/samples/x', false],
    ['anything/else', false],
  ])('publish %s -> %s', (topic, allowed) => {
    expect(mayPublish('rig', topic)).toBe(allowed);
  });

  it.each([
    ['nodetally/v1/rig/ack', true],
    ['nodetally/v1/other/ack', false],
    ['nodetally/v1/rig/samples', false],
    ['#', false],
    ['nodetally/v1/+/ack', false],
    ['$SYS/#', false],
  ])('subscribe %s -> %s', (filter, allowed) => {
    expect(maySubscribe('rig', filter)).toBe(allowed);
  });

  it('without device auth any device id goes, the topic rules still hold', () => {
    expect(mayPublish(null, 'nodetally/v1/any/samples')).toBe(true);
    expect(mayPublish(null, 'nodetally/v1/any/ack')).toBe(false);
    expect(maySubscribe(null, 'nodetally/v1/any/ack')).toBe(true);
    expect(maySubscribe(null, '#')).toBe(false);
  });
});
