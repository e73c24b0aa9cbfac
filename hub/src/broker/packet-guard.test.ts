import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { MqttFrameGuard } from './packet-guard.js';

const publish = (bytes: number) =>
  mqttPacket.generate({
    cmd: 'publish',
    topic: 'nodetally/v1/a/samples',
    payload: Buffer.alloc(bytes),
    qos: 0,
    retain: false,
    dup: false,
  });

describe('MqttFrameGuard', () => {
  it('passes a stream of packets of allowed size, whatever the chunking', () => {
    const stream = Buffer.concat([
      mqttPacket.generate({ cmd: 'pingreq' }),
      publish(100),
      publish(70_000),
      mqttPacket.generate({ cmd: 'pingreq' }),
    ]);
    for (const chunkSize of [1, 2, 3, 7, 64, 65_536, stream.length]) {
      const guard = new MqttFrameGuard(100_000);
      for (let i = 0; i < stream.length; i += chunkSize) {
        expect(guard.push(stream.subarray(i, i + chunkSize))).toBe('ok');
      }
    }
  });

  it('refuses a packet whose header announces more than the limit, before its body arrives', () => {
    const big = publish(10 * 1024 * 1024);
    const guard = new MqttFrameGuard(1024 * 1024);
    expect(guard.push(big.subarray(0, 5))).toBe('too_large');
  });

  it('refuses a remaining-length field longer than four bytes', () => {
    expect(
      new MqttFrameGuard(Number.MAX_SAFE_INTEGER).push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])),
    ).toBe('malformed');
  });

  it('a small packet after a big allowed one is still read in step', () => {
    const guard = new MqttFrameGuard(200);
    expect(guard.push(Buffer.concat([publish(150), publish(300)]))).toBe('too_large');
  });
});
