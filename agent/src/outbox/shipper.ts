import type { Logger } from 'pino';
import type { Outbox } from './outbox.js';

export interface ShipperOptions {
  outbox: Outbox;
  publish: (seq: number, payload: Buffer) => Promise<void>;
  log: Logger;
  /** Records sent but not yet acked by the hub, at most. */
  window?: number;
  /** With no ack progress for this long, everything unacked is sent again (the hub may have restarted). */
  ackTimeoutMs?: number;
}

/**
 * Moves records from the outbox to the broker: new samples go straight out; after a reconnect, or
 * when acks stop coming, the unacked backlog is re-read from disk and resent in order. The hub stores
 * each seq once, so a resend costs bandwidth, never correctness.
 */
export class Shipper {
  private connected = false;
  private sentUpTo = 0;
  private lastProgress = Date.now();
  private readonly window: number;
  private readonly ackTimeoutMs: number;
  private readonly watchdog: NodeJS.Timeout;

  constructor(private readonly options: ShipperOptions) {
    this.window = options.window ?? 100;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
    this.watchdog = setInterval(() => this.checkProgress(), Math.min(5_000, this.ackTimeoutMs));
    this.watchdog.unref();
  }

  onConnect(): void {
    this.connected = true;
    this.rewind();
  }

  onDisconnect(): void {
    this.connected = false;
  }

  onAck(upToSeq: number): void {
    if (upToSeq > this.options.outbox.ackedSeq) this.lastProgress = Date.now();
    this.options.outbox.ack(upToSeq);
    this.pump();
  }

  /** A record just appended to the outbox: send it without reading the disk when nothing is queued before it. */
  offer(seq: number, payload: Buffer): void {
    if (this.connected && this.sentUpTo === seq - 1 && this.inFlight() < this.window) {
      this.send(seq, payload);
    } else {
      this.pump();
    }
  }

  private inFlight(): number {
    return this.sentUpTo - this.options.outbox.ackedSeq;
  }

  private rewind(): void {
    this.sentUpTo = this.options.outbox.ackedSeq;
    this.lastProgress = Date.now();
    this.pump();
  }

  private pump(): void {
    if (!this.connected) return;
    this.sentUpTo = Math.max(this.sentUpTo, this.options.outbox.ackedSeq);
    const room = this.window - this.inFlight();
    if (room <= 0) return;
    for (const record of this.options.outbox.readPending(this.sentUpTo, room))
      this.send(record.seq, record.payload);
  }

  private send(seq: number, payload: Buffer): void {
    this.sentUpTo = seq;
    this.options
      .publish(seq, payload)
      .catch((error: Error) => this.options.log.debug({ err: error, seq }, 'publish failed'));
  }

  private checkProgress(): void {
    if (!this.connected || this.inFlight() <= 0) return;
    if (Date.now() - this.lastProgress >= this.ackTimeoutMs) {
      this.options.log.warn(
        { acked: this.options.outbox.ackedSeq, sent: this.sentUpTo },
        'no ack from hub; resending',
      );
      this.rewind();
    }
  }

  stop(): void {
    clearInterval(this.watchdog);
  }
}
