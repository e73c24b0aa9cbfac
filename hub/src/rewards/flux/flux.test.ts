import { readJson } from '../../http/testing/replay-server.js';
import { rewardSourceContract } from '../testing/contract.js';
import { FluxSource } from './source.js';

const recorded = readJson(new URL('./testdata/blockbook-balancehistory-example.json', import.meta.url));
// Blockbook's doc example is Bitcoin data; Flux runs the same Blockbook API, so the shape is the one a
// Flux payment address answers with. The address below is the example's own (any path segment works).
const ADDRESS = 'bc1q0wd209cv5k9pd9mhk7nspacywcj038xxdhnt5u';
const NOW = 1578600000 * 1000;

rewardSourceContract(
  'flux',
  (baseUrl, http) => new FluxSource({ baseUrl, http, groupBy: 3600, startS: 1578000000, now: () => NOW }),
  [
    {
      name: 'blockbook-balancehistory-example (Bitcoin data, hourly buckets)',
      account: ADDRESS,
      handler: (r) =>
        r.url.pathname === `/balancehistory/${ADDRESS}` && r.url.searchParams.get('from') === '1578000000'
          ? { body: recorded }
          : undefined,
      // 5,000,000 received − 100,000 sent to self; the second bucket received nothing.
      expected: [
        {
          key: `flux:${ADDRESS}:3600:1578391200`,
          token: 'FLUX',
          amount: '4900000',
          kind: 'reward',
          ts: 1578391200000,
        },
      ],
    },
  ],
);
