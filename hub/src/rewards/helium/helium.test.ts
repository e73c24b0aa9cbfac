import { expect, it } from 'vitest';
import { recordedTx, replayTransactions } from '../solana-spl/testing/replay.js';
import { rewardSourceContract } from '../testing/contract.js';
import { heliumSource } from './source.js';

const hsd = recordedTx('solana-getTransaction-hnt-hsd-claim-rewards.json');
const lazy = recordedTx('solana-getTransaction-hnt-lazy-distributor-distribute-devnet.json');
const TREASURY = 'GjumWQJZUcUwYdMkHDPDCRFhA7AQmb1kLapqLmDAYTVY';

rewardSourceContract('helium', (baseUrl, http) => heliumSource({ baseUrl, http }), [
  {
    name: 'lazy-distributor distribution to a custom destination (devnet, amount 0)',
    account: '8v8cEbCNts9ENuokPo6vF5QwaZJ4CAAmDrXKQdVbstFP',
    handler: replayTransactions([lazy]),
    expected: [],
  },
  {
    name: 'sub-DAO delegation claim (mainnet): the treasury’s burn is not a reward',
    account: TREASURY,
    handler: replayTransactions([hsd, lazy]),
    expected: [
      {
        key: `solana:${hsd.signature}:${TREASURY}:hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux`,
        token: 'HNT',
        amount: '-80731',
        kind: 'other',
        ts: 1774916143000,
      },
    ],
  },
]);

it('names its sources helium and helium/<token>, on the helium network, all registered', async () => {
  const { rewardSources } = await import('../registry.js');
  for (const id of ['helium', 'helium/iot', 'helium/mobile']) {
    expect(rewardSources[id]?.({}).id).toBe(id);
  }
  expect(heliumSource().id).toBe('helium');
  expect(heliumSource({ token: 'IOT' }).id).toBe('helium/iot');
  expect(heliumSource().network).toBe('helium');
});
