import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDeviceCredential, createEnrollToken, openSqliteStore } from '@nodetally/hub';
import { buildTopic } from '@nodetally/shared';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { hubCli, runToEnd, startNode, stopAll } from '../support/processes.js';
import { validSample } from '../support/sample.js';
import { getJson, waitFor } from '../support/wait.js';

type Dump = { schema_version: number; schema: string[]; tables: Record<string, string[]> };

/** Every table's every row (as JSON, sorted), the schema and its version: what "every row" means. */
function dump(file: string): Dump {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const schema = db
      .prepare(
        "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name",
      )
      .pluck()
      .all() as string[];
    const names = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    const tables: Record<string, string[]> = {};
    for (const name of names) {
      tables[name] = (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[])
        .map((row) => JSON.stringify(row))
        .sort();
    }
    return { schema_version: db.pragma('user_version', { simple: true }) as number, schema, tables };
  } finally {
    db.close();
  }
}

const SEEDED_DEVICES = ['rig-a', 'rig-b', 'pi-c'];
const SEEDED_SAMPLES = 400;
const LIVE_DEVICES = ['rig-a', 'rig-b'];

afterAll(stopAll);

describe('nodetally-hub backup / restore', () => {
  it('backs up online while a hub ingests, refuses to restore under a running hub, restores every row', async () => {
    const work = mkdtempSync(join(tmpdir(), 'nt-backup-'));
    const dataDir = join(work, 'data');
    const dbFile = join(dataDir, 'nodetally.db');

    // Rows of every kind the hub writes: credentials, an enrollment token, samples of several
    // devices, status and inventory.
    const seed = openSqliteStore(dbFile);
    const tokens = new Map<string, string>();
    for (const id of SEEDED_DEVICES) {
      const issued = await addDeviceCredential(seed, `Device ${id}`, id);
      tokens.set(id, issued?.token as string);
      const batch = Array.from({ length: SEEDED_SAMPLES }, (_, i) => ({
        sample: validSample({
          device_id: id,
          seq: i + 1,
          ts: Date.now() - (SEEDED_SAMPLES - i) * 15_000,
        }) as never,
        receivedMs: Date.now(),
      }));
      await seed.insertSamples(batch);
      await seed.setStatus(id, 'online', Date.now());
    }
    await createEnrollToken(seed, 3_600_000);
    await seed.revokeDevice('pi-c', Date.now());
    await seed.close();

    const [httpPort, mqttPort] = [await freePort(), await freePort()];
    const hub = startNode(hubCli, [
      '--data-dir',
      dataDir,
      '--http-port',
      String(httpPort),
      '--mqtt-port',
      String(mqttPort),
      '--rate-limit-per-s',
      '5000',
      '--rate-limit-burst',
      '5000',
      '--log-level',
      'warn',
    ]);
    await waitFor('the hub', () => getJson(`http://127.0.0.1:${httpPort}/healthz`).then(() => true));

    // Two devices publish samples as fast as the hub acks them, until told to stop.
    let publishing = true;
    const acked = new Map<string, number>();
    const lastSent = new Map<string, number>();
    const clients = await Promise.all(
      LIVE_DEVICES.map(async (id) => {
        const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
          clientId: `backup-test-${id}`,
          username: id,
          password: tokens.get(id) as string,
          reconnectPeriod: 0,
        });
        client.on('message', (_topic, payload) => acked.set(id, JSON.parse(payload.toString()).up_to_seq));
        await client.subscribeAsync(buildTopic(id, 'ack'), { qos: 1 });
        return { id, client };
      }),
    );
    const loops = clients.map(async ({ id, client }) => {
      for (let seq = SEEDED_SAMPLES + 1; publishing; seq++) {
        const sample = validSample({ device_id: id, seq, ts: Date.now() });
        await client.publishAsync(buildTopic(id, 'samples'), JSON.stringify(sample), { qos: 1 });
        lastSent.set(id, seq);
      }
    });
    await waitFor('ingest under way', () =>
      LIVE_DEVICES.every((id) => (acked.get(id) ?? 0) > SEEDED_SAMPLES + 50),
    );

    // Backup 1: taken by another process while both devices are being ingested.
    const duringIngest = join(work, 'during-ingest.db');
    const backup1 = await runToEnd(process.execPath, [
      hubCli,
      'backup',
      duringIngest,
      '--data-dir',
      dataDir,
      '--json',
    ]);
    expect(backup1.code, backup1.stderr).toBe(0);
    expect(JSON.parse(backup1.stdout).rows.samples).toBeGreaterThan(SEEDED_SAMPLES * 3);
    const ackedAtBackup = Math.min(...LIVE_DEVICES.map((id) => acked.get(id) ?? 0));

    await waitFor('more ingest after the backup', () =>
      LIVE_DEVICES.every((id) => (acked.get(id) ?? 0) > ackedAtBackup + 100),
    );
    publishing = false;
    await Promise.all(loops);
    await waitFor('every sample acked', () => LIVE_DEVICES.every((id) => acked.get(id) === lastSent.get(id)));
    await Promise.all(clients.map(({ client }) => client.endAsync()));

    // Restoring over the data dir of a running hub is refused, and changes nothing.
    const refused = await runToEnd(process.execPath, [
      hubCli,
      'restore',
      duringIngest,
      '--data-dir',
      dataDir,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('NT_ERR_STORE_IN_USE');
    expect(refused.stderr).toContain('stop the hub');
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.bak'))).toEqual([]);
    await getJson(`http://127.0.0.1:${httpPort}/healthz`);

    // Backup 2: the hub still running, ingest finished.
    const final = join(work, 'final.db');
    const backup2 = await runToEnd(process.execPath, [hubCli, 'backup', final, '--data-dir', dataDir]);
    expect(backup2.code, backup2.stderr).toBe(0);
    expect(await hub.stop()).toBe(0);

    const source = dump(dbFile);
    const seeded = SEEDED_DEVICES.length * SEEDED_SAMPLES;
    const live = LIVE_DEVICES.reduce((n, id) => n + ((lastSent.get(id) ?? 0) - SEEDED_SAMPLES), 0);
    expect(source.tables.samples).toHaveLength(seeded + live);
    expect(source.tables.devices).toHaveLength(SEEDED_DEVICES.length);
    expect(source.tables.enroll_tokens).toHaveLength(1);

    // The backup after ingest holds exactly what the database holds, row for row.
    expect(dump(final)).toEqual(source);

    // The backup during ingest is a consistent snapshot: every sample in it is in the database as
    // stored, and each live device's samples are an unbroken run 1..n (no torn batch).
    const snapshot = dump(duringIngest);
    expect(snapshot.schema).toEqual(source.schema);
    const sourceSamples = new Set(source.tables.samples);
    expect((snapshot.tables.samples ?? []).filter((row) => !sourceSamples.has(row))).toEqual([]);
    for (const id of LIVE_DEVICES) {
      const seqs = (snapshot.tables.samples ?? [])
        .map((row) => JSON.parse(row) as { device_id: string; seq: number })
        .filter((row) => row.device_id === id)
        .map((row) => row.seq)
        .sort((a, b) => a - b);
      expect(seqs[0]).toBe(1);
      expect(seqs.at(-1)).toBe(seqs.length);
      expect(seqs.length).toBeGreaterThanOrEqual(SEEDED_SAMPLES + 50);
      expect(seqs.length).toBeLessThan(lastSent.get(id) as number);
    }
    expect(snapshot.tables.enroll_tokens).toEqual(source.tables.enroll_tokens);

    // Restore into a fresh data dir: every row back.
    const freshDir = join(work, 'fresh');
    const restored1 = await runToEnd(process.execPath, [
      hubCli,
      'restore',
      duringIngest,
      '--data-dir',
      freshDir,
    ]);
    expect(restored1.code, restored1.stderr).toBe(0);
    expect(dump(join(freshDir, 'nodetally.db'))).toEqual(snapshot);

    // Restore again over it: the database it replaces is kept as a .bak, the new one is complete.
    const restored2 = await runToEnd(process.execPath, [hubCli, 'restore', final, '--data-dir', freshDir]);
    expect(restored2.code, restored2.stderr).toBe(0);
    expect(restored2.stdout).toContain('the previous database is kept as');
    expect(dump(join(freshDir, 'nodetally.db'))).toEqual(source);
    const kept = readdirSync(freshDir).filter((name) => /^nodetally\.db\..*\.bak$/.test(name));
    expect(kept).toHaveLength(1);
    expect(dump(join(freshDir, kept[0] as string))).toEqual(snapshot);

    // And a hub starts on the restored data, with the restored credentials.
    const list = await runToEnd(process.execPath, [
      hubCli,
      'devices',
      'list',
      '--json',
      '--data-dir',
      freshDir,
    ]);
    expect(
      JSON.parse(list.stdout)
        .map((d: { device_id: string }) => d.device_id)
        .sort(),
    ).toEqual([...SEEDED_DEVICES].sort());
    expect(existsSync(join(freshDir, 'nodetally.db.restoring'))).toBe(false);
  }, 90_000);

  it('refuses a file that is not a nodetally database, keeping the current one', async () => {
    const work = mkdtempSync(join(tmpdir(), 'nt-restore-bad-'));
    const dataDir = join(work, 'data');
    await openSqliteStore(join(dataDir, 'nodetally.db')).close();
    const other = new Database(join(work, 'other.db'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    const result = await runToEnd(process.execPath, [
      hubCli,
      'restore',
      join(work, 'other.db'),
      '--data-dir',
      dataDir,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a nodetally hub database');
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.bak'))).toEqual([]);
  });
});
