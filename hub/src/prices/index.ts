export { COINGECKO_API, CoinGeckoProvider } from './coingecko/provider.js';
export { decimalFromFixed, decimalFromNumber, valueMicros } from './decimal.js';
export { FallbackPrices } from './fallback.js';
export { PYTH_HERMES, PythProvider } from './pyth/provider.js';
export type { PricePoint, PriceProvider, ProviderOptions } from './types.js';
