import { ErrorCodes, NodetallyError } from './errors.js';

/**
 * The one token registry: every reward amount is an integer string in the token's base units, and
 * `decimals` says where the point goes. Mints and decimals of the Solana tokens are the ones public
 * token lists and the programs' own sources declare (HNT's 8 decimals are also in the recorded
 * getTransaction fixture); price ids should be checked against the provider before relying on them.
 */
export interface TokenInfo {
  symbol: string;
  name: string;
  /** nodetally network id the token is earned on (hub/src/rewards/<network>). */
  network: string;
  chain: 'solana' | 'flux' | 'filecoin' | 'akash' | 'theta';
  /** SPL mint (Solana) */
  mint?: string;
  /** Cosmos bank denom (Akash) or base-unit name (wei, attoFIL, …) */
  denom?: string;
  decimals: number;
  coingeckoId?: string;
  /** Pyth price feed id, hex without 0x. */
  pythFeedId?: string;
  /** A fixed USD value per whole token, for pegged compute credits that no market prices. */
  usdPeg?: string;
}

const list: readonly TokenInfo[] = [
  {
    symbol: 'HNT',
    name: 'Helium',
    network: 'helium',
    chain: 'solana',
    mint: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux',
    decimals: 8,
    coingeckoId: 'helium',
    // helium-program-library packages/spl-utils/src/constants.ts HNT_PRICE_FEED_ID
    pythFeedId: '649fdd7ec08e8e2a20f425729854e90293dcbe2376abc47197a14da6ff339756',
  },
  {
    symbol: 'IOT',
    name: 'Helium IOT',
    network: 'helium',
    chain: 'solana',
    mint: 'iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns',
    decimals: 6,
    coingeckoId: 'helium-iot',
  },
  {
    symbol: 'MOBILE',
    name: 'Helium Mobile',
    network: 'helium',
    chain: 'solana',
    mint: 'mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6',
    decimals: 6,
    coingeckoId: 'helium-mobile',
  },
  {
    symbol: 'RENDER',
    name: 'Render',
    network: 'render',
    chain: 'solana',
    mint: 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof',
    decimals: 8,
    coingeckoId: 'render-token',
  },
  {
    symbol: 'GRASS',
    name: 'Grass',
    network: 'grass',
    chain: 'solana',
    mint: 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs',
    decimals: 9,
    coingeckoId: 'grass',
  },
  {
    symbol: 'HONEY',
    name: 'Hivemapper',
    network: 'hivemapper',
    chain: 'solana',
    mint: '4vMsoUT2BWatFweudnQM1xedRLfJgJ7hswhcpz4xgBTy',
    decimals: 9,
    coingeckoId: 'hivemapper',
  },
  {
    symbol: 'IO',
    name: 'io.net',
    network: 'io-net',
    chain: 'solana',
    mint: 'BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K',
    decimals: 8,
    coingeckoId: 'io-net',
  },
  {
    symbol: 'NOS',
    name: 'Nosana',
    network: 'nosana',
    chain: 'solana',
    mint: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7',
    decimals: 6,
    coingeckoId: 'nosana',
  },
  { symbol: 'FLUX', name: 'Flux', network: 'flux', chain: 'flux', decimals: 8, coingeckoId: 'zelcash' },
  {
    symbol: 'FIL',
    name: 'Filecoin',
    network: 'filecoin',
    chain: 'filecoin',
    denom: 'attoFIL',
    decimals: 18,
    coingeckoId: 'filecoin',
    // Pyth Crypto.FIL/USD, the id several independent public projects use (not checked against Hermes here)
    pythFeedId: '150ac9b959aee0051e4091f0ef5216d941f590e1c5e7f91cf7635b5c11628c0e',
  },
  {
    symbol: 'AKT',
    name: 'Akash',
    network: 'akash',
    chain: 'akash',
    denom: 'uakt',
    decimals: 6,
    coingeckoId: 'akash-network',
  },
  // Akash Mainnet 17 (BME): leases are priced in ACT, a USD-pegged compute credit.
  {
    symbol: 'ACT',
    name: 'Akash Compute Token',
    network: 'akash',
    chain: 'akash',
    denom: 'uact',
    decimals: 6,
    usdPeg: '1',
  },
  {
    symbol: 'TFUEL',
    name: 'Theta Fuel',
    network: 'theta',
    chain: 'theta',
    denom: 'tfuelwei',
    decimals: 18,
    coingeckoId: 'theta-fuel',
  },
  {
    symbol: 'THETA',
    name: 'Theta',
    network: 'theta',
    chain: 'theta',
    denom: 'thetawei',
    decimals: 18,
    coingeckoId: 'theta-token',
  },
];

export const Tokens: ReadonlyMap<string, TokenInfo> = new Map(list.map((t) => [t.symbol, t]));

export function getToken(symbol: string): TokenInfo {
  const token = Tokens.get(symbol);
  if (!token) throw new NodetallyError(ErrorCodes.TOKEN_UNKNOWN, `unknown token symbol "${symbol}"`);
  return token;
}

export function tokenByMint(mint: string): TokenInfo | undefined {
  return list.find((t) => t.mint === mint);
}

export function tokenByDenom(denom: string): TokenInfo | undefined {
  return list.find((t) => t.denom === denom);
}
