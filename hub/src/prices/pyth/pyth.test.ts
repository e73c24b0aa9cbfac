import { readJson } from '../../http/testing/replay-server.js';
import { priceProviderContract } from '../testing/contract.js';
import { PythProvider } from './provider.js';

const recorded = readJson(new URL('./testdata/pyth-hermes-latest-price-updates.json', import.meta.url));
// The recorded update is Pyth's doc example for the BTC/USD feed; HNT is pointed at that feed id here.
const BTC_USD = 'e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43';
const create = (baseUrl: string, http: object) =>
  new PythProvider({ baseUrl, http, feedIds: { HNT: `0x${BTC_USD}` } });
const asks = (path: string) => (r: { url: URL }) =>
  r.url.pathname === path && r.url.searchParams.getAll('ids[]').includes(BTC_USD)
    ? { body: recorded }
    : undefined;

priceProviderContract('pyth', create, [
  {
    name: 'pyth-hermes-latest-price-updates (latest)',
    handler: asks('/v2/updates/price/latest'),
    call: { spot: ['HNT'] },
    expected: [{ token: 'HNT', ts: 1717632000000, price: '29206.79499999' }],
  },
  {
    name: 'pyth-hermes-latest-price-updates (at a publish time, same documented shape)',
    handler: asks('/v2/updates/price/1717632000'),
    call: { history: 'HNT', fromMs: 1717632000000, toMs: 1717632000000 },
    expected: [{ token: 'HNT', ts: 1717632000000, price: '29206.79499999' }],
  },
]);
