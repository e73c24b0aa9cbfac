import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../app.js';
import { IngestCounters } from '../../ingest/counters.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { piSample, rigSample } from '../fleet/testing/fixtures.js';
import { testAuthHeaders } from '../testing/auth.js';

const WALLET = '7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU';

describe('reward accounts API and device rewards with explorer links', () => {
  let store: Store;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const now = Date.now();
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const response = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.body ? response.json() : null };
  };

  beforeEach(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-accounts-')), 'hub.db'));
    await store.insertSamples([
      { sample: rigSample('rig-01', 1, now - 1000), receivedMs: now },
      { sample: piSample('pi-02', 1, now - 1000), receivedMs: now },
    ]);
    app = build({ store, counters: new IngestCounters() });
    headers = await testAuthHeaders(store);
  });

  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('adds an account by network name, links and unlinks devices, and the fleet follows', async () => {
    expect((await call('GET', '/api/v1/accounts')).body).toEqual({ accounts: [] });
    const added = await call('POST', '/api/v1/accounts', {
      network: 'grass',
      account: WALLET,
      label: 'Grass wallet',
      devices: ['rig-01'],
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      source: 'solana-spl/grass',
      network: 'grass',
      account: WALLET,
      label: 'Grass wallet',
      devices: ['rig-01'],
      last_success_ms: null,
      last_error: null,
    });
    const fleetNetworks = async () =>
      Object.fromEntries(
        (await call('GET', '/api/v1/fleet')).body.devices.map(
          (d: { device_id: string; networks: string[] }) => [d.device_id, d.networks],
        ),
      );
    expect((await fleetNetworks())['rig-01']).toEqual(['grass', 'io-net', 'render']);

    const link = await call('POST', '/api/v1/accounts/devices', {
      source: 'solana-spl/grass',
      account: WALLET,
      device_id: 'pi-02',
    });
    expect(link).toEqual({
      status: 200,
      body: { source: 'solana-spl/grass', account: WALLET, device_id: 'pi-02', changed: true },
    });
    expect((await fleetNetworks())['pi-02']).toEqual(['grass', 'helium']);
    const again = await call('POST', '/api/v1/accounts/devices', {
      source: 'grass',
      account: WALLET,
      device_id: 'pi-02',
    });
    expect(again.body.changed).toBe(false);

    const unlinkUrl = `/api/v1/accounts/devices?source=grass&account=${WALLET}&device_id=rig-01`;
    expect((await call('DELETE', unlinkUrl)).status).toBe(200);
    expect((await call('DELETE', unlinkUrl)).status).toBe(404);
    expect((await call('GET', '/api/v1/accounts')).body.accounts[0].devices).toEqual(['pi-02']);
    expect((await fleetNetworks())['rig-01']).toEqual(['io-net', 'render']);
  });

  it('refuses an unknown network, a link to a missing account and a body without the account', async () => {
    const unknown = await call('POST', '/api/v1/accounts', { network: 'dogecoin', account: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('NT_ERR_CONFIG_INVALID');
    const missing = await call('POST', '/api/v1/accounts/devices', {
      source: 'akash',
      account: 'akash1x',
      device_id: 'rig-01',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('NT_ERR_WEB_ACCOUNT_UNKNOWN');
    expect((await call('POST', '/api/v1/accounts', { network: 'flux' })).status).toBe(400);
    expect((await call('DELETE', '/api/v1/accounts/devices?source=flux')).status).toBe(400);
  });

  it('lists a device’s rewards with exact amounts, value and a link to the transaction or the account', async () => {
    await store.addRewardAccount({ source: 'solana-spl/render', account: WALLET }, now);
    await store.linkRewardAccountDevice('solana-spl/render', WALLET, 'rig-01');
    await store.addRewardAccount({ source: 'akash', account: 'akash1provider' }, now);
    await store.linkRewardAccountDevice('akash', 'akash1provider', 'rig-01');
    const signature =
      '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW';
    const hour = now - (now % 3_600_000) - 3_600_000;
    await store.saveRewardBatch(
      'solana-spl/render',
      WALLET,
      [
        {
          key: `render:${signature}`,
          network: 'render',
          account: WALLET,
          token: 'RENDER',
          amount: '1250000000',
          ts: hour + 60_000,
          kind: 'reward',
          ref: signature,
        },
      ],
      'c',
      { nowMs: now, intervalMs: 900_000 },
    );
    const lease = 'akash1owner/123/1/1/akash1provider';
    await store.saveRewardBatch(
      'akash',
      'akash1provider',
      [
        {
          key: `akash:${lease}:withdrawn:5000000`,
          network: 'akash',
          account: 'akash1provider',
          token: 'AKT',
          amount: '5000000',
          ts: hour + 120_000,
          kind: 'reward',
          ref: lease,
        },
      ],
      'c',
      { nowMs: now, intervalMs: 900_000 },
    );
    await store.upsertPrices([
      { token: 'RENDER', currency: 'usd', ts: hour, price: '7.25', source: 'coingecko' },
    ]);

    const { status, body } = await call('GET', '/api/v1/devices/rig-01/rewards');
    expect(status).toBe(200);
    expect(body.rewards).toEqual([
      expect.objectContaining({
        token: 'RENDER',
        amount: '12.5',
        price_usd: '7.25',
        value_usd: '90.625000',
        explorer_url: `https://explorer.solana.com/tx/${signature}`,
        explorer: 'Solana Explorer',
      }),
      expect.objectContaining({
        token: 'AKT',
        amount: '5',
        value_usd: null,
        explorer_url: 'https://www.mintscan.io/akash/address/akash1provider',
        explorer: 'Mintscan',
      }),
    ]);
    expect((await call('GET', '/api/v1/devices/pi-02/rewards')).body.rewards).toEqual([]);
    expect((await call('GET', '/api/v1/devices/nope/rewards')).status).toBe(404);
    expect(
      (await call('GET', `/api/v1/devices/rig-01/rewards?from=${hour + 90_000}`)).body.rewards,
    ).toHaveLength(1);
  });
});
