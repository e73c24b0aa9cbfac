import { readJson } from '../../http/testing/replay-server.js';
import { priceProviderContract } from '../testing/contract.js';
import { CoinGeckoProvider } from './provider.js';

const testdata = (name: string) => readJson(new URL(`./testdata/${name}`, import.meta.url));

// The recorded answers are CoinGecko's doc examples for bitcoin; the provider is told HNT's id is
// "bitcoin" so that it asks for exactly what was recorded.
const create = (baseUrl: string, http: object) =>
  new CoinGeckoProvider({ baseUrl, http, ids: { HNT: 'bitcoin' } });

priceProviderContract('coingecko', create, [
  {
    name: 'coingecko-simple-price',
    handler: (r) =>
      r.url.pathname === '/simple/price' && r.url.searchParams.get('ids') === 'bitcoin'
        ? { body: testdata('coingecko-simple-price.json') }
        : undefined,
    call: { spot: ['HNT'] },
    expected: [{ token: 'HNT', ts: 1711356300000, price: '67187.3358936566' }],
  },
  {
    name: 'coingecko-market-chart-range',
    handler: (r) =>
      r.url.pathname === '/coins/bitcoin/market_chart/range' &&
      r.url.searchParams.get('from') === '1704067200'
        ? { body: testdata('coingecko-market-chart-range.json') }
        : undefined,
    call: { history: 'HNT', fromMs: 1704067200000, toMs: 1704074500000 },
    expected: [
      { token: 'HNT', ts: 1704067241331, price: '42261.0406175669' },
      { token: 'HNT', ts: 1704070847420, price: '42493.2764087546' },
      { token: 'HNT', ts: 1704074443652, price: '42654.0731066594' },
    ],
  },
]);
