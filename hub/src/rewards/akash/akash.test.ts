import { readJson } from '../../http/testing/replay-server.js';
import { rewardSourceContract } from '../testing/contract.js';
import { AkashSource } from './source.js';

const recorded = readJson(new URL('./testdata/akash-lcd-market-v1beta5-leases-list.json', import.meta.url));
const PROVIDER = 'akash19zzh7whjt4vfwxd5wtj3tjtyatnpntfhldshd8';
// One recorded pre-BME v1beta4 lease element, in the list envelope (see its .source.txt).
const v4Lease = readJson(new URL('./testdata/akash-lcd-market-v1beta4-lease-mainnet.json', import.meta.url));
const V4_PROVIDER = 'akash1u5cdg7k3gl43mukca4aeultuz8x2j68mgwn28e';
const V4_LEASE = `akash1c3er49222vygzm6g4djr52muf3mspqam6cpqpy/17158585/1/1/${V4_PROVIDER}`;
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

rewardSourceContract(
  'akash (market v1beta4)',
  (baseUrl, http) => new AkashSource({ baseUrl, http, now: () => NOW, market: 'v1beta4' }),
  [
    {
      name: 'akash-lcd-market-v1beta4-lease-mainnet (pre-BME, uakt, closed lease)',
      account: V4_PROVIDER,
      handler: (r) =>
        r.url.pathname === '/akash/market/v1beta4/leases/list' &&
        r.url.searchParams.get('filters.provider') === V4_PROVIDER
          ? { body: { leases: [v4Lease], pagination: { next_key: null, total: '0' } } }
          : undefined,
      expected: [
        {
          key: `akash:${V4_LEASE}:withdrawn:7039`,
          token: 'AKT',
          amount: '7039',
          kind: 'reward',
          ts: NOW,
        },
      ],
    },
  ],
);
