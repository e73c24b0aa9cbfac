import type { SolanaTransaction } from './schemas.js';

type Balances = SolanaTransaction['meta']['preTokenBalances'];

function sumFor(balances: Balances, owner: string, mint: string): bigint {
  let total = 0n;
  for (const b of balances ?? []) {
    if (b.owner === owner && b.mint === mint) total += BigInt(b.uiTokenAmount.amount);
  }
  return total;
}

/** The owner's change in `mint` over all its token accounts in one transaction, in base units. */
export function ownerDelta(tx: SolanaTransaction, owner: string, mint: string): bigint {
  return sumFor(tx.meta.postTokenBalances, owner, mint) - sumFor(tx.meta.preTokenBalances, owner, mint);
}

/** Owners whose balance of `mint` fell in this transaction: who paid. */
export function payers(tx: SolanaTransaction, mint: string): string[] {
  const owners = new Set<string>();
  for (const b of tx.meta.preTokenBalances ?? []) if (b.owner && b.mint === mint) owners.add(b.owner);
  return [...owners].filter((owner) => ownerDelta(tx, owner, mint) < 0n);
}

/** Every program the transaction invoked, top level and inner. */
export function programsInvoked(tx: SolanaTransaction): Set<string> {
  const ids = new Set<string>();
  for (const ix of tx.transaction.message.instructions) if (ix.programId) ids.add(ix.programId);
  for (const inner of tx.meta.innerInstructions ?? []) {
    for (const ix of inner.instructions) if (ix.programId) ids.add(ix.programId);
  }
  return ids;
}

export const accountKey = (key: string | { pubkey: string }) => (typeof key === 'string' ? key : key.pubkey);
