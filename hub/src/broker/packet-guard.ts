/**
 * aedes buffers a whole MQTT packet before anyone sees it, however large it claims to be. This
 * reads only the fixed header of each packet (type byte + variable-length "remaining length")
 * as bytes arrive, so a connection announcing an oversized packet is cut before its body is held.
 */
export type GuardVerdict = 'ok' | 'too_large' | 'malformed';

export class MqttFrameGuard {
  private state: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private bodyLeft = 0;

  constructor(private readonly maxPacketBytes: number) {}

  push(chunk: Uint8Array): GuardVerdict {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.state === 'body') {
        const take = Math.min(this.bodyLeft, chunk.length - offset);
        this.bodyLeft -= take;
        offset += take;
        if (this.bodyLeft === 0) this.state = 'type';
        continue;
      }
      const byte = chunk[offset++] as number;
      if (this.state === 'type') {
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (this.length > this.maxPacketBytes) return 'too_large';
      if (byte & 0x80) {
        if (this.lengthBytes === 4) return 'malformed';
        continue;
      }
      this.bodyLeft = this.length;
      this.state = this.length === 0 ? 'type' : 'body';
    }
    return 'ok';
  }
}
