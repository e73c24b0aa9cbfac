import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHubToken } from '../support/hub-auth.js';
import { freePort } from '../support/ports.js';
import { agentCli, hubCli, type Running, runToEnd, startNode, stopAll } from '../support/processes.js';
import { validSample } from '../support/sample.js';
import { getJson, waitFor } from '../support/wait.js';

interface DevicesBody {
  devices: Array<{
    device_id: string;
    state: string;
    last_seq: number;
    meta: { hostname: string } | null;
    latest: unknown;
  }>;
}
interface IngestBody {
  received_total: number;
  rejected_total: number;
  rejected_by_reason: Record<string, number>;
}

const DEVICE = 'e2e-rig';

/** VmRSS of a process in bytes, from /proc. */
const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;

describe('end to end: real hub and agent processes, device auth, real MQTT, real SQLite file', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nt-e2e-hub-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'nt-e2e-agent-'));
  let httpPort: number;
  let mqttPort: number;
  let hub: Running;
  let agent: Running;
  let base: string;
  let token: string;
  let auth: Record<string, string>;

  const storedSeqs = () => {
    const db = new Database(join(dataDir, 'nodetally.db'), { readonly: true, fileMustExist: true });
    try {
      return (
        db.prepare('SELECT seq FROM samples WHERE device_id = ? ORDER BY seq').all(DEVICE) as Array<{
          seq: number;
        }>
      ).map((row) => row.seq);
    } finally {
      db.close();
    }
  };
  const startAgent = () =>
    startNode(
      agentCli,
      ['run', '--hub-url', `mqtt://127.0.0.1:${mqttPort}`, '--interval-s', '1', '--state-dir', stateDir],
      { NODETALLY_DEVICE_ID: DEVICE, NODETALLY_PASSWORD: token, NODETALLY_LOG_LEVEL: 'warn' },
    );
  const pub = (args: string[]) =>
    runToEnd('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(mqttPort),
      '-u',
      DEVICE,
      '-P',
      token,
      '-q',
      '1',
      ...args,
    ]);

  beforeAll(async () => {
    [httpPort, mqttPort] = [await freePort(), await freePort()];
    const added = await runToEnd(process.execPath, [
      hubCli,
      'devices',
      'add',
      'E2E rig',
      DEVICE,
      '--data-dir',
      dataDir,
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    token = JSON.parse(added.stdout).token;
    auth = bearer(await createHubToken(['--data-dir', dataDir], 'read'));
    base = `http://127.0.0.1:${httpPort}`;
    hub = startNode(hubCli, [
      '--data-dir',
      dataDir,
      '--http-port',
      String(httpPort),
      '--mqtt-port',
      String(mqttPort),
      '--log-level',
      'warn',
    ]);
    await waitFor('hub /healthz', () => getJson(`${base}/healthz`), 20_000).catch((error) => {
      throw new Error(`${error}\nhub output:\n${hub.output()}`);
    });
    agent = startAgent();
  });

  afterAll(async () => {
    await stopAll();
  });

  it("lists the agent's device in /api/v1/devices with its inventory and latest sample", async () => {
    const device = await waitFor('device listed with meta and a sample', async () => {
      const body = await getJson<DevicesBody>(`${base}/api/v1/devices`, auth);
      return body.devices.find((d) => d.device_id === DEVICE && d.meta && d.latest);
    });
    expect(device.state).toBe('online');
    expect(device.meta?.hostname).toBeTruthy();
  });

  it('writes rows to the SQLite file with seqs 1, 2, 3… and no gap', async () => {
    const seqs = await waitFor('three stored samples', () => {
      const stored = storedSeqs();
      return stored.length >= 3 ? stored : undefined;
    });
    expect(seqs.slice(0, 3)).toEqual([1, 2, 3]);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('rejects and counts malformed payloads sent by mosquitto_pub, and keeps serving', async () => {
    const before = await getJson<IngestBody>(`${base}/api/v1/ingest`, auth);
    const topic = `nodetally/v1/${DEVICE}/samples`;
    const payloads = [
      '{not json',
      JSON.stringify(validSample({ device_id: DEVICE, seq: 'one' })),
      JSON.stringify({ v: 1, device_id: DEVICE, seq: 1 }),
      JSON.stringify(validSample({ device_id: DEVICE, seq: 999_999, uptime_s: -5 })),
      JSON.stringify(validSample({ device_id: DEVICE, seq: 999_998, ts: Date.now() + 86_400_000 })),
    ];
    for (const payload of payloads) {
      const result = await pub(['-t', topic, '-m', payload]);
      expect(result.code, result.stderr).toBe(0);
    }
    const after = await waitFor('five rejections counted', async () => {
      const body = await getJson<IngestBody>(`${base}/api/v1/ingest`, auth);
      return body.rejected_total - before.rejected_total >= payloads.length ? body : undefined;
    });
    expect(after.rejected_by_reason.invalid_json).toBeGreaterThanOrEqual(1);
    expect(after.rejected_by_reason.schema).toBeGreaterThanOrEqual(3);
    expect(after.rejected_by_reason.ts_future).toBeGreaterThanOrEqual(1);
    expect((await getJson<{ status: string }>(`${base}/healthz`)).status).toBe('ok');
    expect(storedSeqs()).not.toContain(999_999);
    expect(storedSeqs()).not.toContain(999_998);
    expect(hub.child.exitCode).toBeNull();
  });

  it("refuses mosquitto_pub with a wrong token, and under another device's topic", async () => {
    const wrong = await runToEnd('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(mqttPort),
      '-u',
      DEVICE,
      '-P',
      'not-the-token',
      '-q',
      '1',
      '-t',
      `nodetally/v1/${DEVICE}/samples`,
      '-m',
      '{}',
    ]);
    expect(wrong.code).not.toBe(0);
    await pub([
      '-t',
      'nodetally/v1/someone-else/samples',
      '-m',
      JSON.stringify(validSample({ device_id: 'someone-else', seq: 1 })),
    ]);
    const devices = await getJson<DevicesBody>(`${base}/api/v1/devices`, auth);
    expect(devices.devices.map((d) => d.device_id)).not.toContain('someone-else');
  });

  it('a 10 MB packet from mosquitto_pub is refused without the hub process growing by it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nt-big-')), 'big.json');
    writeFileSync(file, Buffer.alloc(10 * 1024 * 1024, 120));
    const pid = hub.child.pid as number;
    const before = rssOf(pid);
    await pub(['-t', `nodetally/v1/${DEVICE}/samples`, '-f', file]);
    const body = await waitFor('packet_too_large counted', async () => {
      const counters = await getJson<IngestBody>(`${base}/api/v1/ingest`, auth);
      return (counters.rejected_by_reason.packet_too_large ?? 0) >= 1 ? counters : undefined;
    });
    expect(body.rejected_by_reason.packet_too_large).toBe(1);
    expect(rssOf(pid) - before).toBeLessThan(5 * 1024 * 1024);
    expect((await getJson<{ status: string }>(`${base}/healthz`)).status).toBe('ok');
  });

  it('a restarted agent continues its seq above everything stored, with no duplicate', async () => {
    expect(await agent.stop()).toBe(0);
    await waitFor('device shown offline after a clean stop', async () => {
      const body = await getJson<DevicesBody>(`${base}/api/v1/devices`, auth);
      return body.devices.find((d) => d.device_id === DEVICE)?.state === 'offline';
    });
    const beforeRestart = storedSeqs();
    agent = startAgent();
    const after = await waitFor('new samples after restart', () => {
      const stored = storedSeqs();
      return stored.length >= beforeRestart.length + 2 ? stored : undefined;
    });
    const newSeqs = after.slice(beforeRestart.length);
    expect(Math.min(...newSeqs)).toBeGreaterThan(Math.max(...beforeRestart));
    // The outbox knows the last seq handed out: the series continues with no gap and no duplicate.
    expect(after).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
  });

  it('both processes stop cleanly on SIGTERM', async () => {
    expect(await agent.stop()).toBe(0);
    expect(await hub.stop()).toBe(0);
  });
});
