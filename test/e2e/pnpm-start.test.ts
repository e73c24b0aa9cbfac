import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initialAdminPassword, loginToHub } from '../support/hub-auth.js';
import { freePort } from '../support/ports.js';
import { childPidsOf, isAlive, repoRoot, startNode, stopAll } from '../support/processes.js';
import { getJson, waitFor } from '../support/wait.js';

describe('pnpm start (deploy/local/start.mjs)', () => {
  afterAll(stopAll);

  it('shows this machine in /api/v1/devices within 30 s, and Ctrl-C stops hub and agent', async () => {
    const httpPort = await freePort();
    const mqttPort = await freePort();
    const home = mkdtempSync(join(tmpdir(), 'nt-start-'));
    const base = `http://127.0.0.1:${httpPort}`;
    const launcher = startNode(`${repoRoot}deploy/local/start.mjs`, [], {
      NODETALLY_HOME: home,
      NODETALLY_HTTP_PORT: String(httpPort),
      NODETALLY_MQTT_PORT: String(mqttPort),
      NODETALLY_LOG_LEVEL: 'warn',
    });
    const body = await waitFor(
      'this machine listed with a sample',
      async () => {
        // As a first-time user: the password the hub wrote on first start, as start.mjs tells.
        const { headers } = await loginToHub(base, initialAdminPassword(join(home, 'hub')));
        const devices = await getJson<{ devices: Array<{ latest: unknown; state: string }> }>(
          `${base}/api/v1/devices`,
          headers,
        );
        return devices.devices.some((d) => d.latest && d.state === 'online') ? devices : undefined;
      },
      30_000,
    ).catch((error) => {
      throw new Error(`${error}\n${launcher.output()}`);
    });
    expect(body.devices).toHaveLength(1);
    expect(launcher.output()).toContain(join(home, 'hub', 'initial-admin-password'));

    const childPids = childPidsOf(launcher.child.pid as number);
    expect(childPids).toHaveLength(2);
    launcher.child.kill('SIGINT');
    expect(await launcher.stop()).toBe(0);
    await waitFor('hub and agent gone', () => childPids.every((pid) => !isAlive(pid)), 10_000);
  });
});
