import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplay } from '../../hub/src/http/testing/replay-server.js';
import {
  HSD_KEY,
  HSD_TS,
  hsd,
  recordedRange,
  replaySolanaAndCoinGecko,
  TREASURY,
} from '../../hub/src/rewards/testing/recorded.js';
import { bearer, createHubToken } from '../support/hub-auth.js';
import { freePort } from '../support/ports.js';
import { hubCli, type Running, runToEnd, startNode, stopAll } from '../support/processes.js';
import { getJson, waitFor } from '../support/wait.js';

interface Reward {
  key: string;
  source: string;
  account: string;
  token: string;
  kind: string;
  ts_ms: number;
  amount: string;
  amount_base_units: string;
  decimals: number;
  price_usd: string | null;
  value_usd: string | null;
}
interface Source {
  source: string;
  account: string;
  devices: string[];
  cursor: string | null;
  last_success_ms: number | null;
  last_error: string | null;
  stale: boolean;
}

describe('end to end: the hub process syncs rewards and prices from a local server replaying recorded answers', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nt-e2e-rewards-'));
  const configFile = join(dataDir, 'hub.json');
  let replay: ReplayServer;
  let hub: Running;
  let base: string;
  let auth: Record<string, string>;
  const cli = (args: string[]) => runToEnd(process.execPath, [hubCli, '--config', configFile, ...args]);

  beforeAll(async () => {
    replay = await startReplay(replaySolanaAndCoinGecko());
    const httpPort = await freePort();
    base = `http://127.0.0.1:${httpPort}`;
    const config = {
      dataDir,
      httpPort,
      mqttPort: await freePort(),
      logLevel: 'warn',
      rewardAccounts: [{ network: 'helium', account: TREASURY, label: 'HNT treasury', devices: ['pi-1'] }],
      rewardBaseUrls: { solana: replay.baseUrl, coingecko: replay.baseUrl, pyth: replay.baseUrl },
    };
    writeFileSync(configFile, JSON.stringify(config));
    // An account added by the CLI before the hub starts: RENDER movements of the same wallet (none recorded).
    const added = await cli(['accounts', 'add', 'render', TREASURY, '--device', 'rig-1']);
    expect(added.stderr).toBe('');
    expect(added.stdout.trim()).toBe(`added solana-spl/render ${TREASURY}, linked to rig-1`);
    auth = bearer(await createHubToken(['--config', configFile], 'read'));
    hub = startNode(hubCli, ['--config', configFile]);
  });
  afterAll(async () => {
    await stopAll();
    await replay?.close();
  });

  it('the scheduler stores the recorded event with its exact amount, at once after start', async () => {
    const { rewards } = await waitFor(`rewards in the API (hub output: ${hub?.output()})`, async () => {
      const body = await getJson<{ rewards: Reward[] }>(`${base}/api/v1/rewards`, auth);
      return body.rewards.length > 0 && body;
    });
    expect(rewards).toEqual([
      {
        key: HSD_KEY,
        source: 'helium',
        network: 'helium',
        account: TREASURY,
        token: 'HNT',
        kind: 'other',
        ref: hsd.signature,
        ts_ms: HSD_TS,
        amount: '-0.00080731',
        amount_base_units: '-80731',
        decimals: 8,
        // The recorded CoinGecko range holds 2024-01-01 hours only: no price for 2026-03-31 00:00,
        // so no value — null, never 0.
        price_usd: null,
        value_usd: null,
      },
    ]);
    const byDevice = await getJson<{ rewards: Reward[] }>(`${base}/api/v1/rewards?device=pi-1`, auth);
    expect(byDevice.rewards.map((r) => r.key)).toEqual([HSD_KEY]);
    const byOther = await getJson<{ rewards: Reward[] }>(`${base}/api/v1/rewards?device=rig-1`, auth);
    expect(byOther.rewards).toEqual([]);
  });

  it('reports every source fresh, with its cursor and devices, and the price sync per token', async () => {
    const { sources } = await waitFor('prices synced', async () => {
      const body = await getJson<{ sources: Source[] }>(`${base}/api/v1/rewards/sources`, auth);
      return body.sources.some((s) => s.source === 'prices') && body;
    });
    expect(sources.map((s) => [s.source, s.account, s.stale, s.last_error])).toEqual([
      ['helium', TREASURY, false, null],
      ['solana-spl/render', TREASURY, false, null],
      ['prices', 'HNT', false, null],
    ]);
    expect(sources[0]?.devices).toEqual(['pi-1']);
    expect(sources[0]?.cursor).toContain(hsd.signature);
    const asked = replay.requests.find((r) => r.url.pathname === '/coins/helium/market_chart/range');
    const hour = Math.floor(HSD_TS / 3_600_000) * 3600;
    expect(asked?.url.searchParams.get('from')).toBe(String(hour));
    expect(asked?.url.searchParams.get('to')).toBe(String(hour + 3600));
  });

  it('`rewards sync --once` beside the running hub adds nothing and says so', async () => {
    const { code, stdout } = await cli(['rewards', 'sync', '--once']);
    expect(stdout.trim().split('\n')).toEqual([
      `helium ${TREASURY}: 0 new event(s), 0 already stored`,
      `solana-spl/render ${TREASURY}: 0 new event(s), 0 already stored`,
      `prices HNT: ${recordedRange.prices.length} price point(s) stored, 1 reward hour(s) without a price`,
    ]);
    expect(code).toBe(0);
    const { rewards } = await getJson<{ rewards: Reward[] }>(`${base}/api/v1/rewards`, auth);
    expect(rewards).toHaveLength(1);
  });

  it('`rewards sync --once --network helium` marks a failing endpoint and exits 1, storing nothing', async () => {
    replay.setFault('truncated');
    const { code, stdout } = await cli(['rewards', 'sync', '--once', '--network', 'helium']);
    replay.setFault('none');
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^helium ${TREASURY}: failed: NT_ERR_HTTP_BODY`));
    expect(stdout).not.toContain('solana-spl/render');
    const { sources } = await getJson<{ sources: Source[] }>(`${base}/api/v1/rewards/sources`, auth);
    const helium = sources.find((s) => s.source === 'helium');
    expect(helium?.last_error).toMatch(/^NT_ERR_HTTP_BODY/);
    expect(helium?.stale).toBe(false); // its last success is recent
    const { rewards } = await getJson<{ rewards: Reward[] }>(`${base}/api/v1/rewards`, auth);
    expect(rewards.map((r) => r.amount_base_units)).toEqual(['-80731']);
  });
});
