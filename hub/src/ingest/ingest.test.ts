import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/types.js';
import { Ingest } from './ingest.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const topic = (id: string, kind = 'samples') => `nodetally/v1/${id}/${kind}`;
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('Ingest with a real SQLite store', () => {
  let store: Store;
  let ingest: Ingest;
  let acks: Array<[string, number]>;

  beforeEach(() => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-ingest-')), 'db.sqlite'));
    acks = [];
    ingest = new Ingest({
      store,
      log: pino({ level: 'silent' }),
      sendAck: (deviceId, upToSeq) => acks.push([deviceId, upToSeq]),
      now: () => NOW,
    });
  });
  afterEach(async () => {
    await ingest.close();
    await store.close();
  });

  it('stores a batch once, then acks the highest stored seq per device', async () => {
    for (const seq of [1, 2, 3])
      ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq, ts: NOW })));
    ingest.receive(topic('b'), bytes(validSample({ device_id: 'b', seq: 7, ts: NOW })));
    expect(acks).toEqual([]);
    await ingest.flush();
    expect(acks).toEqual([
      ['a', 3],
      ['b', 7],
    ]);
    expect(await store.countSamples('a')).toBe(3);
    expect(ingest.counters.toJSON()).toMatchObject({ received_total: 4, stored_total: 4, rejected_total: 0 });
  });

  it('stores the text the device sent, also from a payload that is a slice of a larger buffer', async () => {
    const sample = validSample({ device_id: 'a', seq: 1, ts: NOW });
    const text = JSON.stringify(sample, null, 1);
    // Brokers hand over payloads as views into bigger (pooled) buffers.
    const pool = Buffer.from(`garbage-before${text}garbage-after`);
    const payload = pool.subarray('garbage-before'.length, 'garbage-before'.length + Buffer.byteLength(text));
    ingest.receive(topic('a'), payload);
    ingest.receive(topic('a'), Buffer.alloc(256 * 1024 + 1, 32));
    await ingest.flush();
    expect(acks).toEqual([['a', 1]]);
    expect(await store.listSamples('a', 0, NOW + 1, 10)).toEqual([sample]);
    const [device] = await store.listDevices();
    expect(device?.latest).toEqual(sample);
    expect(ingest.counters.rejected.too_large).toBe(1);
  });

  it('acks duplicates too (they are stored) but counts them apart', async () => {
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 1, ts: NOW })));
    await ingest.flush();
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 1, ts: NOW })));
    await ingest.flush();
    expect(acks).toEqual([
      ['a', 1],
      ['a', 1],
    ]);
    expect(ingest.counters.toJSON()).toMatchObject({ stored_total: 1, duplicates_total: 1 });
  });

  const bad: Array<[string, string, unknown, string]> = [
    ['bad JSON', topic('a'), '{"v":1,', 'invalid_json'],
    ['NaN literal', topic('a'), '{"v":1,"seq":NaN}', 'invalid_json'],
    ['wrong types', topic('a'), validSample({ device_id: 'a', seq: 'one', ts: NOW }), 'schema'],
    ['missing fields', topic('a'), { v: 1, device_id: 'a', seq: 1 }, 'schema'],
    [
      'payload for another device',
      topic('a'),
      validSample({ device_id: 'b', seq: 1, ts: NOW }),
      'device_mismatch',
    ],
    [
      'timestamp an hour ahead',
      topic('a'),
      validSample({ device_id: 'a', seq: 1, ts: NOW + 3_600_000 }),
      'ts_future',
    ],
    ['ack published by a device', topic('a', 'ack'), { v: 1, up_to_seq: 5 }, 'topic'],
    ['unknown topic', 'other/topic', {}, 'topic'],
    ['oversized payload', topic('a'), 'x'.repeat(300 * 1024), 'too_large'],
    ['bad meta', topic('a', 'meta'), { v: 1 }, 'schema'],
    ['bad status', topic('a', 'status'), { v: 1, state: 'maybe' }, 'schema'],
  ];

  it.each(bad)('rejects %s, counts it by reason, and writes nothing', async (_name, t, payload, reason) => {
    ingest.receive(t, bytes(payload));
    await ingest.flush();
    expect(ingest.counters.rejected[reason as keyof typeof ingest.counters.rejected]).toBe(1);
    expect(ingest.counters.rejectedTotal).toBe(1);
    expect(await store.listDevices()).toEqual([]);
    expect(acks).toEqual([]);
  });

  it('a bad message among good ones costs only itself', async () => {
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 1, ts: NOW })));
    ingest.receive(topic('a'), bytes('{bad'));
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 2, ts: NOW })));
    await ingest.flush();
    expect(await store.countSamples('a')).toBe(2);
    expect(acks).toEqual([['a', 2]]);
  });

  it('an empty retained status (a clear) is neither stored nor counted as bad', async () => {
    ingest.receive(topic('a', 'status'), Buffer.alloc(0));
    expect(ingest.counters.rejectedTotal).toBe(0);
  });

  it('records status and meta', async () => {
    ingest.receive(topic('a', 'status'), bytes({ v: 1, state: 'online' }));
    await new Promise((resolve) => setImmediate(resolve));
    const [device] = await store.listDevices();
    expect(device).toMatchObject({ device_id: 'a', status: 'online' });
  });

  it('sends no ack when the store fails, so the agent resends', async () => {
    await store.close();
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 1, ts: NOW })));
    await ingest.flush();
    expect(acks).toEqual([]);
    expect(ingest.counters.rejected.store_error).toBe(1);
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-ingest-')), 'db.sqlite'));
  });

  it('flushes by size without waiting for the timer', async () => {
    const small = new Ingest({
      store,
      log: pino({ level: 'silent' }),
      sendAck: (d, s) => acks.push([d, s]),
      maxBatch: 2,
      flushMs: 60_000,
      now: () => NOW,
    });
    small.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 1, ts: NOW })));
    small.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 2, ts: NOW })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(acks).toEqual([['a', 2]]);
    await small.close();
  });
});

describe('Ingest acks never pass a sample the hub lacks', () => {
  const log = pino({ level: 'silent' });
  const open = () => openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-ingest-')), 'db.sqlite'));

  it('a rate-limited sample holds the ack below it until it is resent and stored', async () => {
    const store = open();
    const acks: Array<[string, number]> = [];
    let now = NOW;
    const ingest = new Ingest({
      store,
      log,
      sendAck: (d, s) => acks.push([d, s]),
      now: () => now,
      rateLimit: { ratePerS: 1, burst: 2 },
    });
    const send = (seq: number) =>
      ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq, ts: NOW, outbox_floor_seq: 1 })));
    send(1);
    send(2);
    send(3);
    await ingest.flush();
    expect(ingest.counters.rejected.rate_limited).toBe(1);
    expect(acks).toEqual([['a', 2]]);
    now += 1_000;
    send(4);
    await ingest.flush();
    // 4 is stored, 3 is not: the ack must not pass 3.
    expect(acks.at(-1)).toEqual(['a', 2]);
    now += 1_000;
    send(3);
    await ingest.flush();
    expect(acks.at(-1)).toEqual(['a', 4]);
    await store.close();
  });

  it('a flood of invalid payloads is cut by the rate limit before it is parsed', async () => {
    const store = open();
    const ingest = new Ingest({
      store,
      log,
      sendAck: () => {},
      now: () => NOW,
      rateLimit: { ratePerS: 1, burst: 5 },
    });
    for (let i = 0; i < 100; i++) ingest.receive(topic('a'), bytes('{"not":"a sample"'));
    expect(ingest.counters.rejected.invalid_json).toBe(5);
    expect(ingest.counters.rejected.rate_limited).toBe(95);
    await store.close();
  });

  it('after a failed batch, later batches are not acked past the failed seqs', async () => {
    const store = open();
    const acks: Array<[string, number]> = [];
    let failNext = true;
    const flaky = {
      ...store,
      insertSamples: (batch: Parameters<typeof store.insertSamples>[0]) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('disk full'));
        }
        return store.insertSamples(batch);
      },
    };
    const ingest = new Ingest({ store: flaky, log, sendAck: (d, s) => acks.push([d, s]), now: () => NOW });
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 1, ts: NOW })));
    await ingest.flush();
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 2, ts: NOW })));
    await ingest.flush();
    expect(acks).toEqual([]);
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 1, ts: NOW })));
    await ingest.flush();
    expect(acks).toEqual([['a', 2]]);
    await store.close();
  });

  it('refuses timestamps from a broken clock far in the past', async () => {
    const store = open();
    const ingest = new Ingest({ store, log, sendAck: () => {}, now: () => NOW });
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 1, ts: NOW - 200 * 86_400_000 })));
    await ingest.flush();
    expect(ingest.counters.rejected.ts_past).toBe(1);
    await store.close();
  });
});

describe('a device reusing seqs (its state was lost)', () => {
  it('is counted as seq_reused and logged, and the stored data is kept', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-ingest-')), 'db.sqlite'));
    const ingest = new Ingest({ store, log: pino({ level: 'silent' }), sendAck: () => {}, now: () => NOW });
    ingest.receive(
      topic('a'),
      bytes(validSample({ device_id: 'a', seq: 1, ts: NOW - 60_000, cpu_load_pct: 10 })),
    );
    await ingest.flush();
    ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq: 1, ts: NOW, cpu_load_pct: 90 })));
    await ingest.flush();
    expect(ingest.counters.rejected.seq_reused).toBe(1);
    expect(ingest.counters.duplicates).toBe(0);
    const [device] = await store.listDevices();
    expect(device?.latest?.cpu_load_pct).toBe(10);
    await store.close();
  });
});

describe('acks with the agent outbox floor', () => {
  it('never cover a hole the hub never saw; the resent sample closes it', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-ingest-')), 'db.sqlite'));
    const acks: Array<[string, number]> = [];
    const ingest = new Ingest({
      store,
      log: pino({ level: 'silent' }),
      sendAck: (d, s) => acks.push([d, s]),
      now: () => NOW,
    });
    const send = (seq: number, floor: number) =>
      ingest.receive(
        topic('a'),
        bytes(validSample({ device_id: 'a', seq, ts: NOW, outbox_floor_seq: floor })),
      );
    send(1, 1);
    send(2, 1);
    // seq 3 was dropped by a broker with no subscriber; 4 and 5 arrive.
    send(4, 1);
    send(5, 1);
    await ingest.flush();
    expect(acks).toEqual([['a', 2]]);
    send(6, 3);
    await ingest.flush();
    expect(acks.at(-1)).toEqual(['a', 2]);
    // The agent resends from its floor after its ack timeout.
    send(3, 3);
    await ingest.flush();
    expect(acks.at(-1)).toEqual(['a', 6]);
    await store.close();
  });

  it('a floor above old holes (samples the agent dropped for good) lets acks move on', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-ingest-')), 'db.sqlite'));
    const acks: Array<[string, number]> = [];
    const ingest = new Ingest({
      store,
      log: pino({ level: 'silent' }),
      sendAck: (d, s) => acks.push([d, s]),
      now: () => NOW,
    });
    for (const seq of [500, 501]) {
      ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq, ts: NOW, outbox_floor_seq: 500 })));
    }
    await ingest.flush();
    expect(acks).toEqual([['a', 501]]);
    await store.close();
  });
});

describe('group commit', () => {
  it('samples arriving while a batch is being written go together in the next batch', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-ingest-')), 'db.sqlite'));
    const batches: number[][] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The real store, with the first write held open (a slow disk sync).
    const slowFirst: Store = {
      ...store,
      async insertSamples(batch) {
        batches.push(batch.map(({ sample }) => sample.seq));
        if (batches.length === 1) await gate;
        return store.insertSamples(batch);
      },
    };
    const acks: Array<[string, number]> = [];
    const ingest = new Ingest({
      store: slowFirst,
      log: pino({ level: 'silent' }),
      sendAck: (d, s) => acks.push([d, s]),
      now: () => NOW,
      flushMs: 1,
    });
    const send = (seq: number) =>
      ingest.receive(topic('a'), bytes(validSample({ device_id: 'a', seq, ts: NOW })));
    send(1);
    const first = ingest.flush();
    for (const seq of [2, 3, 4]) {
      send(seq);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(batches).toEqual([[1]]);
    release();
    await first;
    await ingest.close();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(acks).toEqual([
      ['a', 1],
      ['a', 4],
    ]);
    await store.close();
  });
});
