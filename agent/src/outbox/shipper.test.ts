import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../backoff.js';
import { Outbox } from './outbox.js';
import { Shipper } from './shipper.js';

const log = pino({ level: 'silent' });
const shippers: Shipper[] = [];

function setup(window = 3, ackTimeoutMs = 30_000) {
  const outbox = Outbox.open(mkdtempSync(join(tmpdir(), 'nt-ship-')));
  const sent: number[] = [];
  const shipper = new Shipper({
    outbox,
    publish: async (seq) => void sent.push(seq),
    log,
    window,
    ackTimeoutMs,
  });
  shippers.push(shipper);
  const append = (seq: number) => {
    const payload = Buffer.from(String(seq));
    outbox.append(seq, payload);
    shipper.offer(seq, payload);
  };
  return { outbox, sent, shipper, append };
}

afterEach(() => {
  for (const shipper of shippers.splice(0)) shipper.stop();
});

describe('Shipper', () => {
  it('sends nothing while disconnected, then the backlog in order on connect', () => {
    const { sent, shipper, append } = setup(10);
    append(1);
    append(2);
    expect(sent).toEqual([]);
    shipper.onConnect();
    expect(sent).toEqual([1, 2]);
    append(3);
    expect(sent).toEqual([1, 2, 3]);
  });

  it('keeps at most `window` unacked records in flight; acks open the window', () => {
    const { sent, shipper, append } = setup(2);
    shipper.onConnect();
    for (let seq = 1; seq <= 5; seq++) append(seq);
    expect(sent).toEqual([1, 2]);
    shipper.onAck(1);
    expect(sent).toEqual([1, 2, 3]);
    shipper.onAck(3);
    expect(sent).toEqual([1, 2, 3, 4, 5]);
    // An ack past what is in flight (the hub had them from an earlier connection) sends nothing twice.
    shipper.onAck(5);
    expect(sent).toEqual([1, 2, 3, 4, 5]);
  });

  it('after a reconnect resends everything not acked, even what was sent before', () => {
    const { sent, shipper, append, outbox } = setup(10);
    shipper.onConnect();
    for (let seq = 1; seq <= 4; seq++) append(seq);
    shipper.onAck(2);
    shipper.onDisconnect();
    append(5);
    shipper.onConnect();
    expect(sent).toEqual([1, 2, 3, 4, 3, 4, 5]);
    expect(outbox.ackedSeq).toBe(2);
  });

  it('resends when acks stop coming while connected (the hub restarted behind a broker)', async () => {
    const { sent, shipper, append } = setup(10, 50);
    shipper.onConnect();
    append(1);
    append(2);
    expect(sent).toEqual([1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent.filter((seq) => seq === 1).length).toBeGreaterThanOrEqual(2);
    shipper.onAck(2);
    const count = sent.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent.length).toBe(count);
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelayMs(0, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelayMs(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelayMs(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(backoffDelayMs(3, 1000, 60_000, () => 0)).toBe(0);
  });
});
