import type { TokenInfo } from './tokens.js';

/**
 * Public block explorers per chain: where a transaction or an account can be looked at. `{tx}` and
 * `{address}` are replaced (URL-encoded). A chain without a `tx` page links rewards to the account.
 */
export interface ChainExplorer {
  name: string;
  tx?: string;
  address: string;
}

export const CHAIN_EXPLORERS: Readonly<Record<TokenInfo['chain'], ChainExplorer>> = {
  solana: {
    name: 'Solana Explorer',
    tx: 'https://explorer.solana.com/tx/{tx}',
    address: 'https://explorer.solana.com/address/{address}',
  },
  flux: {
    name: 'Flux Explorer',
    tx: 'https://explorer.runonflux.io/tx/{tx}',
    address: 'https://explorer.runonflux.io/address/{address}',
  },
  filecoin: {
    name: 'Filfox',
    tx: 'https://filfox.info/en/message/{tx}',
    address: 'https://filfox.info/en/address/{address}',
  },
  akash: {
    name: 'Mintscan',
    tx: 'https://www.mintscan.io/akash/tx/{tx}',
    address: 'https://www.mintscan.io/akash/address/{address}',
  },
  theta: {
    name: 'Theta Explorer',
    tx: 'https://explorer.thetatoken.org/txs/{tx}',
    address: 'https://explorer.thetatoken.org/account/{address}',
  },
};

export function explorerTxUrl(chain: TokenInfo['chain'], tx: string): string | null {
  const template = CHAIN_EXPLORERS[chain].tx;
  return template ? template.replace('{tx}', encodeURIComponent(tx)) : null;
}

export function explorerAddressUrl(chain: TokenInfo['chain'], address: string): string {
  return CHAIN_EXPLORERS[chain].address.replace('{address}', encodeURIComponent(address));
}
