import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { MqttFrameGuard } from '../../hub/src/broker/packet-guard.js';
import { validateMessage } from '../../shared/src/validate.js';
import { stopAll } from '../support/processes.js';
import { validSample } from '../support/sample.js';
import { getJson, waitFor } from '../support/wait.js';
import { createFleet } from './fleet.js';
import { expectedOutcome, type FuzzCase, generateCases, generateRawCase, prng } from './fuzz-payloads.js';

const PAYLOADS = Number(process.env.NODETALLY_FUZZ_PAYLOADS ?? 10_000);
const RAW_CONNECTIONS = Number(process.env.NODETALLY_FUZZ_RAW ?? 1_200);
const SEED = Number(process.env.NODETALLY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const MAX_PACKET_BYTES = 524_288;
const INGEST_REASONS = [
  'too_large',
  'invalid_json',
  'schema',
  'device_mismatch',
  'ts_future',
  'ts_past',
  'topic',
  'rate_limited',
  'seq_reused',
  'store_error',
];

interface IngestBody {
  received_total: number;
  stored_total: number;
  duplicates_total: number;
  rejected_total: number;
  rejected_by_reason: Record<string, number>;
}

/** Writes the bytes on a fresh TCP connection, waits a moment for the broker's answer, then closes. */
function sendRaw(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, 150);
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => socket.write(bytes));
  });
}

describe(`fuzz: a running hub under hostile payloads and packets (seed ${SEED})`, () => {
  afterAll(stopAll);

  it(`${PAYLOADS} mutated payloads and ${RAW_CONNECTIONS} raw connections: the hub stays up and stores nothing invalid`, async () => {
    console.log(`fuzz seed ${SEED}; reproduce with NODETALLY_FUZZ_SEED=${SEED}`);
    const rng = prng(SEED);
    const fleet = await createFleet('fault-fuzz');
    // No rate limit here, so every payload meets the validation it was made for.
    const storedSeqs = new Set<number>();
    const hub = await fleet.startHub(['--rate-limit-per-s', '1000000', '--rate-limit-burst', '1000000']);
    const ingest = () => getJson<IngestBody>(`${fleet.base}/api/v1/ingest`, fleet.auth);

    let healthChecks = 0;
    const healthFailures: string[] = [];
    const health = setInterval(() => {
      healthChecks++;
      getJson<{ status: string }>(`${fleet.base}/healthz`).then(
        (body) => body.status !== 'ok' && healthFailures.push(JSON.stringify(body)),
        (error: Error) => healthFailures.push(error.message),
      );
    }, 100);

    try {
      // 1. Payloads, published by an authenticated device on its own topics.
      const now = Date.now();
      const cases: FuzzCase[] = generateCases(rng, fleet.deviceId, PAYLOADS, now);
      const expectedReasons: Record<string, number> = {};
      let validSamples = 0;
      // A seq sent again: an exact resend is a duplicate; other data under a stored seq is refused.
      const firstTs = new Map<number, number>();
      let duplicates = 0;
      // Valid status messages and empty ones (a retained clear) are neither stored samples nor rejections.
      let uncounted = 0;
      for (const c of cases) {
        const { outcome, seq, ts } = expectedOutcome(c, fleet.deviceId, now);
        if (outcome === 'sample') {
          validSamples++;
          const stored = firstTs.get(seq as number);
          if (stored === undefined) firstTs.set(seq as number, ts as number);
          else if (stored === ts) duplicates++;
          else expectedReasons.seq_reused = (expectedReasons.seq_reused ?? 0) + 1;
          storedSeqs.add(seq as number);
        } else if (outcome === 'status_ok' || outcome === 'ignored') {
          uncounted++;
        } else {
          expectedReasons[outcome] = (expectedReasons[outcome] ?? 0) + 1;
        }
      }
      const labels = new Map<string, number>();
      for (const c of cases) {
        const key = c.label.split(',')[0] as string;
        labels.set(key, (labels.get(key) ?? 0) + 1);
      }
      console.log(
        `payloads: ${cases.length}, valid samples ${validSamples} (${storedSeqs.size} distinct seqs), ` +
          `expected rejections ${JSON.stringify(expectedReasons)}; kinds ${JSON.stringify(Object.fromEntries(labels))}`,
      );
      expect(Object.keys(expectedReasons).length).toBeGreaterThanOrEqual(6);

      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${fleet.mqttPort}`, {
        clientId: 'fuzzer',
        username: fleet.deviceId,
        password: fleet.token,
        reconnectPeriod: 0,
      });
      let disconnected = false;
      client.on('close', () => {
        disconnected = true;
      });
      const topic = (kind: string) => `nodetally/v1/${fleet.deviceId}/${kind}`;
      const startedAt = Date.now();
      for (let i = 0; i < cases.length; i += 200) {
        await Promise.all(
          cases.slice(i, i + 200).map((c) => client.publishAsync(topic(c.kind), c.payload, { qos: 1 })),
        );
      }
      expect(disconnected).toBe(false);
      await client.endAsync();
      const counters = await waitFor(
        'every payload counted',
        async () => {
          const body = await ingest();
          const accounted = body.stored_total + body.duplicates_total + body.rejected_total;
          return body.received_total >= cases.length && accounted >= cases.length - uncounted
            ? body
            : undefined;
        },
        30_000,
      ).catch(async (error) => {
        throw new Error(`${error}: ${JSON.stringify(await ingest())}\n${hub.output().slice(-5_000)}`);
      });
      console.log(`payloads sent and counted in ${Date.now() - startedAt} ms: ${JSON.stringify(counters)}`);
      expect(counters.received_total).toBe(cases.length);
      expect(counters.stored_total + counters.duplicates_total + counters.rejected_total).toBe(
        cases.length - uncounted,
      );
      expect(counters.stored_total).toBe(storedSeqs.size);
      expect(counters.duplicates_total).toBe(duplicates);
      for (const reason of INGEST_REASONS) {
        expect(counters.rejected_by_reason[reason] ?? 0, reason).toBe(expectedReasons[reason] ?? 0);
      }

      // 2. Raw bytes on raw TCP connections: garbage, oversized and partial packets.
      const beforeRaw = await ingest();
      let expectedTooLarge = 0;
      let expectedMalformed = 0;
      let expectedAuthFailed = 0;
      const raws = Array.from({ length: RAW_CONNECTIONS }, (_, i) =>
        generateRawCase(rng, fleet.deviceId, fleet.token, MAX_PACKET_BYTES, i),
      );
      for (const raw of raws) {
        const verdict = new MqttFrameGuard(MAX_PACKET_BYTES).push(raw.bytes);
        if (verdict === 'too_large') expectedTooLarge++;
        if (verdict === 'malformed') expectedMalformed++;
        if (raw.badAuth) expectedAuthFailed++;
      }
      const rawStarted = Date.now();
      for (let i = 0; i < raws.length; i += 40) {
        await Promise.all(raws.slice(i, i + 40).map((raw) => sendRaw(fleet.mqttPort, raw.bytes)));
      }
      const afterRaw = await waitFor(
        'raw rejections counted',
        async () => {
          const body = await ingest();
          const tooLarge = body.rejected_by_reason.packet_too_large ?? 0;
          const malformed = body.rejected_by_reason.packet_malformed ?? 0;
          const authFailed = body.rejected_by_reason.auth_failed ?? 0;
          return tooLarge >= expectedTooLarge &&
            malformed >= expectedMalformed &&
            authFailed >= expectedAuthFailed
            ? body
            : undefined;
        },
        10_000,
      ).catch(async (error) => {
        throw new Error(
          `${error}: ${JSON.stringify(await ingest())}, expected ${expectedTooLarge} too large`,
        );
      });
      console.log(
        `raw connections: ${raws.length} in ${Date.now() - rawStarted} ms; ` +
          `packet_too_large ${expectedTooLarge}, packet_malformed ${expectedMalformed}, auth_failed ${expectedAuthFailed}`,
      );
      expect(afterRaw.rejected_by_reason.packet_too_large).toBe(expectedTooLarge);
      expect(afterRaw.rejected_by_reason.packet_malformed).toBe(expectedMalformed);
      expect(afterRaw.rejected_by_reason.auth_failed).toBe(expectedAuthFailed);
      // Nothing of the raw garbage reached the store.
      expect(afterRaw.stored_total).toBe(beforeRaw.stored_total);

      // 3. Still up and still ingesting: a valid sample after all that is stored and acked.
      const finalSeq = Math.max(...storedSeqs, 0) + 1;
      const last = await mqtt.connectAsync(`mqtt://127.0.0.1:${fleet.mqttPort}`, {
        clientId: 'fuzz-final',
        username: fleet.deviceId,
        password: fleet.token,
        reconnectPeriod: 0,
      });
      await last.subscribeAsync(topic('ack'), { qos: 1 });
      const acked = new Promise<number>((resolve) =>
        last.on('message', (_t, payload) => resolve(JSON.parse(payload.toString()).up_to_seq)),
      );
      const sample = validSample({ device_id: fleet.deviceId, seq: finalSeq, ts: Date.now() });
      await last.publishAsync(topic('samples'), JSON.stringify(sample), { qos: 1 });
      expect(await acked).toBe(finalSeq);
      await last.endAsync();
      storedSeqs.add(finalSeq);
    } finally {
      clearInterval(health);
    }

    expect(healthFailures).toEqual([]);
    expect(healthChecks).toBeGreaterThan(10);
    expect(hub.child.exitCode).toBeNull();
    expect(hub.child.signalCode).toBeNull();

    // The SQLite file holds only rows that pass the shared schema, exactly the valid seqs.
    expect(await hub.stop()).toBe(0);
    const db = new Database(join(fleet.dataDir, 'nodetally.db'), { readonly: true });
    const rows = db.prepare('SELECT device_id, seq, payload FROM samples ORDER BY seq').all() as Array<{
      device_id: string;
      seq: number;
      payload: string;
    }>;
    db.close();
    const invalid = rows.filter((row) => {
      const parsed = JSON.parse(row.payload) as { device_id?: unknown; seq?: unknown };
      return (
        !validateMessage('samples', parsed).ok ||
        parsed.device_id !== row.device_id ||
        parsed.seq !== row.seq ||
        row.device_id !== fleet.deviceId
      );
    });
    expect(invalid).toEqual([]);
    expect(rows.map((row) => row.seq)).toEqual([...storedSeqs].sort((a, b) => a - b));
    console.log(`stored rows: ${rows.length}, all valid`);
  }, 120_000);
});
