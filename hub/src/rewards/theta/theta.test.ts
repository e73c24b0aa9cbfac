import { readJson } from '../../http/testing/replay-server.js';
import { rewardSourceContract } from '../testing/contract.js';
import { ThetaSource } from './source.js';

const recorded = readJson(
  new URL('./testdata/theta-explorer-transaction-type5-service-payment.json', import.meta.url),
) as {
  body: { hash: string };
};
const TARGET = '0x49e2268b8962a7b5680512173f2b320418003082';

// The recorded GetTransaction body inside the GetAccountTxHistory wrapper the same doc gives
// ({"type":"account_tx_list","body":[…],"totalPageNumber","currentPageNumber"}).
const list = (body: object[]) => ({
  type: 'account_tx_list',
  body,
  totalPageNumber: 1,
  currentPageNumber: 1,
});

rewardSourceContract('theta', (baseUrl, http) => new ThetaSource({ baseUrl, http, types: [5] }), [
  {
    name: 'theta-explorer-transaction-type5-service-payment (edge node is the target)',
    account: TARGET,
    handler: (r) =>
      r.url.pathname === `/accounttx/${TARGET}` && r.url.searchParams.get('type') === '5'
        ? { body: list([recorded.body]) }
        : undefined,
    expected: [
      {
        key: `theta:${recorded.body.hash}:${TARGET}:TFUEL`,
        token: 'TFUEL',
        amount: '1150000000000000',
        kind: 'reward',
        ts: 1550282330000,
      },
    ],
  },
  {
    name: 'theta-explorer-transaction-type5-service-payment (the payer earns nothing)',
    account: '0x02990c3f7f75865bcd2fb28450f01065754f9372',
    handler: (r) => (r.url.searchParams.get('type') === '5' ? { body: list([recorded.body]) } : undefined),
    expected: [],
  },
]);
