import { type ReplayHandler, readJson } from '../../http/testing/replay-server.js';
import { recordedTx, replayTransactions } from '../solana-spl/testing/replay.js';

/**
 * Recorded real responses for scheduler and end-to-end tests, one local server answering as the Solana
 * RPC (the Helium mainnet claim and the devnet distribution) and as CoinGecko (its doc examples).
 */
export const TREASURY = 'GjumWQJZUcUwYdMkHDPDCRFhA7AQmb1kLapqLmDAYTVY';
export const hsd = recordedTx('solana-getTransaction-hnt-hsd-claim-rewards.json');
export const lazy = recordedTx('solana-getTransaction-hnt-lazy-distributor-distribute-devnet.json');
/** The recorded claim's blockTime (1774916143 s, 2026-03-31 00:15:43 UTC), in ms. */
export const HSD_TS = (hsd.blockTime ?? Number.NaN) * 1000;
export const HSD_KEY = `solana:${hsd.signature}:${TREASURY}:hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux`;

const prices = (name: string) =>
  readJson(new URL(`../../prices/coingecko/testdata/${name}`, import.meta.url));
/** CoinGecko's recorded market_chart/range doc example (bitcoin, 2024-01-01 00:00–03:00 UTC). */
export const recordedRange = prices('coingecko-market-chart-range.json') as {
  prices: Array<[number, number]>;
};
export const recordedSpot = prices('coingecko-simple-price.json');

const pyth = readJson(
  new URL('../../prices/pyth/testdata/pyth-hermes-latest-price-updates.json', import.meta.url),
);

/**
 * CoinGecko paths answered with the recorded doc examples, whatever coin id is asked for (the values
 * are bitcoin's, which the tests say wherever they read them), and Pyth's latest updates with its doc
 * example (a BTC/USD feed, so HNT's feed id finds nothing there).
 */
export const replayPrices: ReplayHandler = (request) => {
  if (/^\/coins\/[^/]+\/market_chart\/range$/.test(request.url.pathname)) return { body: recordedRange };
  if (request.url.pathname === '/simple/price') return { body: recordedSpot };
  if (request.url.pathname === '/v2/updates/price/latest') return { body: pyth };
  return undefined;
};

/** The Solana JSON-RPC (POST), CoinGecko and Pyth (GET) on one server. */
export function replaySolanaAndCoinGecko(): ReplayHandler {
  const solana = replayTransactions([hsd, lazy]);
  return (request) => (request.method === 'POST' ? solana(request) : replayPrices(request));
}
