// The load generator's MQTT 3.1.1 client: just what a simulated device needs (CONNECT, SUBSCRIBE,
// PUBLISH QoS 1, PUBACK), packets encoded by hand into one Buffer each and a minimal frame parser,
// so that the generator spends little CPU per sample and is not what limits the path under test.
import { connect as netConnect } from 'node:net';

const CONNACK = 2;
const PUBLISH = 3;
const PUBACK = 4;
const SUBACK = 9;

/** Bytes of the MQTT "remaining length" varint. */
function lengthBytes(n) {
  const out = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function utf8Field(text) {
  const bytes = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  bytes.copy(out, 2);
  return out;
}

function packet(firstByte, body) {
  return Buffer.concat([Buffer.from([firstByte, ...lengthBytes(body.length)]), body]);
}

export function connectPacket(clientId, keepaliveS) {
  const header = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, keepaliveS >> 8, keepaliveS & 0xff]);
  return packet(0x10, Buffer.concat([header, utf8Field(clientId)]));
}

export function subscribePacket(packetId, filter, qos) {
  const id = Buffer.from([packetId >> 8, packetId & 0xff]);
  return packet(0x82, Buffer.concat([id, utf8Field(filter), Buffer.from([qos])]));
}

export function pubackPacket(packetId) {
  return Buffer.from([0x40, 2, packetId >> 8, packetId & 0xff]);
}

/** A QoS 1 PUBLISH of `payload` (a string) to a topic whose length-prefixed bytes are `topicField`. */
export function publishPacket(topicField, packetId, payload) {
  const payloadBytes = Buffer.byteLength(payload);
  const remaining = topicField.length + 2 + payloadBytes;
  const len = lengthBytes(remaining);
  const out = Buffer.allocUnsafe(1 + len.length + remaining);
  out[0] = 0x32;
  let at = 1;
  for (const byte of len) out[at++] = byte;
  at += topicField.copy(out, at);
  out[at++] = packetId >> 8;
  out[at++] = packetId & 0xff;
  out.write(payload, at, 'utf8');
  return out;
}
export { utf8Field as topicField };

/**
 * One MQTT connection with callbacks per received packet type: onPuback(packetId),
 * onPublish(topic: string, payload: Buffer) (QoS 1 deliveries are PUBACKed here). Resolves after
 * CONNACK (and SUBACK when `subscribe` is given).
 */
export function openConnection({ host, port, clientId, noDelay, subscribe, keepaliveS = 120 }) {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    if (noDelay) socket.setNoDelay(true);
    const conn = { socket, onPuback: () => {}, onPublish: () => {} };
    let pending = null;
    let waitingSuback = Boolean(subscribe);
    let connected = false;
    const fail = (error) => {
      if (!connected || waitingSuback) reject(error);
    };
    socket.once('error', fail);
    socket.once('close', () => fail(new Error(`connection of ${clientId} closed`)));
    socket.on('connect', () => {
      socket.cork();
      socket.write(connectPacket(clientId, keepaliveS));
      if (subscribe) socket.write(subscribePacket(1, subscribe.filter, subscribe.qos));
      socket.uncork();
    });
    const handle = (type, flags, buf, start, end) => {
      if (type === PUBACK) conn.onPuback((buf[start] << 8) | buf[start + 1]);
      else if (type === PUBLISH) {
        const topicLength = (buf[start] << 8) | buf[start + 1];
        let at = start + 2 + topicLength;
        const topic = buf.toString('utf8', start + 2, at);
        const qos = (flags >> 1) & 3;
        if (qos > 0) {
          socket.write(pubackPacket((buf[at] << 8) | buf[at + 1]));
          at += 2;
        }
        conn.onPublish(topic, buf.subarray(at, end));
      } else if (type === CONNACK) {
        if (buf[start + 1] !== 0) reject(new Error(`CONNACK refused ${clientId}: ${buf[start + 1]}`));
        connected = true;
        if (!waitingSuback) resolve(conn);
      } else if (type === SUBACK) {
        if (buf[start + 2] === 0x80) reject(new Error(`SUBACK refused ${clientId}`));
        waitingSuback = false;
        if (connected) resolve(conn);
      }
    };
    socket.on('data', (chunk) => {
      const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = null;
      let at = 0;
      // The PUBACKs and publishes this chunk triggers leave in one write.
      socket.cork();
      while (at < buf.length) {
        if (buf.length - at < 2) break;
        let remaining = 0;
        let multiplier = 1;
        let i = at + 1;
        let complete = false;
        for (; i < buf.length && i < at + 5; i++) {
          remaining += (buf[i] & 0x7f) * multiplier;
          multiplier *= 128;
          if ((buf[i] & 0x80) === 0) {
            complete = true;
            break;
          }
        }
        if (!complete || i + 1 + remaining > buf.length) break;
        handle(buf[at] >> 4, buf[at] & 0x0f, buf, i + 1, i + 1 + remaining);
        at = i + 1 + remaining;
      }
      socket.uncork();
      if (at < buf.length) pending = buf.subarray(at);
    });
  });
}
