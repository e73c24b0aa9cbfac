import { describe, expect, it } from 'vitest';
import { CHAIN_EXPLORERS, explorerAddressUrl, explorerTxUrl } from './explorers.js';
import { Tokens } from './tokens.js';

describe('block explorer links', () => {
  it('has an explorer for the chain of every token in the registry', () => {
    for (const token of Tokens.values()) expect(CHAIN_EXPLORERS[token.chain]?.address).toMatch(/^https:\/\//);
  });

  it('builds transaction and account URLs of the public explorers, encoding what it inserts', () => {
    const sig = '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW';
    expect(explorerTxUrl('solana', sig)).toBe(`https://explorer.solana.com/tx/${sig}`);
    expect(explorerTxUrl('theta', '0xabc')).toBe('https://explorer.thetatoken.org/txs/0xabc');
    expect(explorerTxUrl('filecoin', 'bafy2bzace')).toBe('https://filfox.info/en/message/bafy2bzace');
    expect(explorerAddressUrl('akash', 'akash1xyz')).toBe('https://www.mintscan.io/akash/address/akash1xyz');
    expect(explorerAddressUrl('flux', 't1abc')).toBe('https://explorer.runonflux.io/address/t1abc');
    expect(explorerAddressUrl('solana', 'a/b?c')).toBe('https://explorer.solana.com/address/a%2Fb%3Fc');
  });
});
