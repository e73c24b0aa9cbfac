import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { hubCli, startNode, stopAll } from '../support/processes.js';
import { validSample } from '../support/sample.js';
import { waitFor } from '../support/wait.js';

const DEVICES = 20;
const IN_FLIGHT = 20;

/**
 * Devices stream samples as fast as the hub acks them; the hub is killed with SIGKILL the moment the
 * acks pass a threshold. Every seq any ack covered must be in the database afterwards: an ack is sent
 * only after the commit (and WAL sync) of the batch that holds the sample.
 */
describe('fault: hub SIGKILLed while acking a fast stream', () => {
  afterAll(stopAll);

  it('keeps every sample it acked', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nt-acked-kill-'));
    const mqttPort = await freePort();
    const hub = startNode(hubCli, [
      ...['--data-dir', dataDir, '--http-port', String(await freePort()), '--mqtt-port', String(mqttPort)],
      ...['--auth', 'none', '--rate-limit-per-s', '100000', '--rate-limit-burst', '100000'],
      ...['--log-level', 'warn'],
    ]);
    const connect = (id: string) =>
      mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: id, reconnectPeriod: 0 });
    const probe = await waitFor('hub MQTT listener', () => connect('probe').catch(() => undefined), 20_000);
    await probe.endAsync(true);

    const acked = new Map<string, number>();
    let ackedTotal = 0;
    const clients: MqttClient[] = [];
    await Promise.all(
      Array.from({ length: DEVICES }, async (_, i) => {
        const id = `kill-${i}`;
        const client = await connect(id);
        clients.push(client);
        let next = 1;
        const send = () => {
          const sample = validSample({ device_id: id, seq: next++, ts: Date.now() });
          client.publish(`nodetally/v1/${id}/samples`, JSON.stringify(sample), { qos: 1 });
        };
        client.on('message', (_topic, payload) => {
          const upTo = (JSON.parse(String(payload)) as { up_to_seq: number }).up_to_seq;
          ackedTotal += upTo - (acked.get(id) ?? 0);
          acked.set(id, Math.max(upTo, acked.get(id) ?? 0));
          if (ackedTotal >= 3000 && hub.child.exitCode === null) hub.child.kill('SIGKILL');
          while (next <= upTo + IN_FLIGHT) send();
        });
        await client.subscribeAsync(`nodetally/v1/${id}/ack`, { qos: 1 });
        for (let k = 0; k < IN_FLIGHT; k++) send();
      }),
    );
    await waitFor('hub killed', () => hub.child.signalCode === 'SIGKILL', 60_000);
    for (const client of clients) client.end(true);

    const db = new Database(join(dataDir, 'nodetally.db'));
    const countThrough = db.prepare('SELECT count(*) AS n FROM samples WHERE device_id = ? AND seq <= ?');
    let checked = 0;
    for (const [id, upTo] of acked) {
      expect({ id, stored: (countThrough.get(id, upTo) as { n: number }).n }).toEqual({ id, stored: upTo });
      checked += upTo;
    }
    db.close();
    expect(checked).toBeGreaterThanOrEqual(3000);
  }, 90_000);
});
