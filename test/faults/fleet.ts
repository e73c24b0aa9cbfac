import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { Outbox } from '../../agent/src/outbox/outbox.js';
import { bearer, createHubToken } from '../support/hub-auth.js';
import { freePort } from '../support/ports.js';
import { agentCli, hubCli, type Running, runToEnd, startNode } from '../support/processes.js';
import { getJson, waitFor } from '../support/wait.js';

/**
 * One hub process and one agent process of a fault test, on their own ports, data dir and state
 * dir; the hub can be killed and restarted on the same ports and data, the agent likewise.
 */
export interface Fleet {
  deviceId: string;
  dataDir: string;
  stateDir: string;
  outboxDir: string;
  httpPort: number;
  mqttPort: number;
  base: string;
  token: string;
  /** Headers of a read-scope API token (`nodetally-hub tokens create`) for the hub's HTTP API. */
  auth: Record<string, string>;
  hub: Running | undefined;
  agent: Running | undefined;
  startHub(extraArgs?: string[]): Promise<Running>;
  /** SIGKILL: no shutdown handler runs, nothing is flushed. */
  killHub(): Promise<void>;
  /** `port` defaults to the hub's MQTT port (a proxy's port instead). */
  startAgent(port?: number, env?: Record<string, string>): Running;
  killAgent(): Promise<void>;
  /** SIGTERM; resolves with the exit code. */
  stopAgent(): Promise<number | null>;
  storedSeqs(): number[];
  storedMax(): number;
  /** The last seq the agent handed out, read from its outbox on disk. */
  lastSeqHandedOut(): number;
  /** The seq the agent's outbox records as acked by the hub. */
  ackedSeq(): number;
  waitStored(upTo: number, timeoutMs: number, what?: string): Promise<void>;
  /** Waits until the hub holds every seq the agent had handed out when this was called. */
  waitCaughtUp(timeoutMs: number): Promise<number>;
  output(): string;
}

export const killNow = async (running: Running | undefined) => {
  if (!running) return;
  const { child } = running;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  await running.stop();
};

export async function createFleet(deviceId: string): Promise<Fleet> {
  const dataDir = mkdtempSync(join(tmpdir(), `nt-fault-hub-${deviceId}-`));
  const stateDir = mkdtempSync(join(tmpdir(), `nt-fault-agent-${deviceId}-`));
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const added = await runToEnd(process.execPath, [
    hubCli,
    'devices',
    'add',
    `fault ${deviceId}`,
    deviceId,
    '--data-dir',
    dataDir,
    '--json',
  ]);
  if (added.code !== 0) throw new Error(`devices add failed: ${added.stderr}`);
  const token = (JSON.parse(added.stdout) as { token: string }).token;
  const auth = bearer(await createHubToken(['--data-dir', dataDir], 'read'));
  const dbPath = join(dataDir, 'nodetally.db');
  const outboxDir = join(stateDir, 'outbox');
  const logs: string[] = [];
  const query = <T>(sql: string): T => {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(deviceId) as T;
    } finally {
      db.close();
    }
  };

  const fleet: Fleet = {
    deviceId,
    dataDir,
    stateDir,
    outboxDir,
    httpPort,
    mqttPort,
    base: `http://127.0.0.1:${httpPort}`,
    token,
    auth,
    hub: undefined,
    agent: undefined,
    async startHub(extraArgs = []) {
      if (fleet.hub) logs.push(`--- hub ---\n${fleet.hub.output()}`);
      const hub = startNode(hubCli, [
        '--data-dir',
        dataDir,
        '--http-port',
        String(httpPort),
        '--mqtt-port',
        String(mqttPort),
        '--log-level',
        'warn',
        ...extraArgs,
      ]);
      fleet.hub = hub;
      await waitFor('hub /healthz', () => getJson(`${fleet.base}/healthz`), 20_000).catch((error) => {
        throw new Error(`${error}\nhub output:\n${hub.output()}`);
      });
      return hub;
    },
    async killHub() {
      await killNow(fleet.hub);
    },
    startAgent(port = mqttPort, env = {}) {
      if (fleet.agent) logs.push(`--- agent ---\n${fleet.agent.output()}`);
      fleet.agent = startNode(
        agentCli,
        ['run', '--hub-url', `mqtt://127.0.0.1:${port}`, '--interval-s', '1', '--state-dir', stateDir],
        { NODETALLY_DEVICE_ID: deviceId, NODETALLY_PASSWORD: token, NODETALLY_LOG_LEVEL: 'warn', ...env },
      );
      return fleet.agent;
    },
    async killAgent() {
      await killNow(fleet.agent);
    },
    async stopAgent() {
      return (await fleet.agent?.stop()) ?? null;
    },
    storedSeqs: () =>
      query<Array<{ seq: number }>>('SELECT seq FROM samples WHERE device_id = ? ORDER BY seq').map(
        (row) => row.seq,
      ),
    storedMax: () =>
      query<Array<{ n: number | null }>>('SELECT max(seq) AS n FROM samples WHERE device_id = ?')[0]?.n ?? 0,
    lastSeqHandedOut: () => Outbox.peekLastSeq(outboxDir),
    ackedSeq() {
      try {
        return (JSON.parse(readFileSync(join(outboxDir, 'state.json'), 'utf8')) as { acked_seq: number })
          .acked_seq;
      } catch {
        return 0;
      }
    },
    async waitStored(upTo, timeoutMs, what = `hub to store seq ${upTo}`) {
      await waitFor(what, () => fleet.storedMax() >= upTo, timeoutMs, 200).catch((error) => {
        throw new Error(`${error} (stored max ${fleet.storedMax()})\n${fleet.output()}`);
      });
    },
    async waitCaughtUp(timeoutMs) {
      const target = fleet.lastSeqHandedOut();
      const started = Date.now();
      await fleet.waitStored(target, timeoutMs, `hub to catch up to seq ${target}`);
      console.log(`[${deviceId}] caught up to ${target} in ${Date.now() - started} ms`);
      return target;
    },
    output: () =>
      [...logs, `--- hub ---\n${fleet.hub?.output() ?? ''}`, `--- agent ---\n${fleet.agent?.output() ?? ''}`]
        .join('\n')
        .slice(-20_000),
  };
  return fleet;
}

/**
 * Ends a fault test: a clean stop of the agent with the hub up, then the hub must hold exactly
 * 1..N, where N is the last seq the agent handed out — no gap, no duplicate — and the agent's
 * recorded ack never passes what the hub stored.
 */
export async function stopAndCheckExactlyOnce(fleet: Fleet): Promise<{ n: number; seqs: number[] }> {
  const code = await fleet.stopAgent();
  if (code !== 0) throw new Error(`agent exited with ${code}\n${fleet.output()}`);
  const n = fleet.lastSeqHandedOut();
  // The stop flushed what was in flight; give the hub's batch a moment to commit.
  await waitFor(
    `hub to hold seq ${n} after the agent stopped`,
    () => fleet.storedMax() >= n,
    5_000,
    100,
  ).catch(() => undefined);
  await sleep(200);
  const seqs = fleet.storedSeqs();
  return { n, seqs };
}

export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
