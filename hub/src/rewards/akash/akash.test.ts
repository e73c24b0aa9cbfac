import { readJson } from '../../http/testing/replay-server.js';
import { rewardSourceContract } from '../testing/contract.js';
import { AkashSource } from './source.js';

const recorded = readJson(new URL('./testdata/akash-lcd-market-v1beta5-leases-list.json', import.meta.url));
const PROVIDER = 'akash19zzh7whjt4vfwxd5wtj3tjtyatnpntfhldshd8';
const NOW = Date.UTC(2026, 3, 1);

rewardSourceContract('akash', (baseUrl, http) => new AkashSource({ baseUrl, http, now: () => NOW }), [
  {
    name: 'akash-lcd-market-v1beta5-leases-list (post-BME, uact)',
    account: PROVIDER,
    handler: (r) =>
      r.url.pathname === '/akash/market/v1beta5/leases/list' &&
      r.url.searchParams.get('filters.provider') === PROVIDER
        ? { body: recorded }
        : undefined,
    expected: [
      {
        key: `akash:akash102kdwsssl6jf4frdcz50mua6j0h6d8wdhjh7nq/25880666/1/1/${PROVIDER}:withdrawn:13780746`,
        token: 'ACT',
        amount: '13780746',
        kind: 'reward',
        ts: NOW,
      },
    ],
  },
]);
