import type { RewardKind } from '../types.js';
import { payers, programsInvoked } from './delta.js';
import type { SolanaTransaction } from './schemas.js';

export interface RewardRules {
  /** An inflow in a transaction that invoked one of these programs is a reward. */
  rewardPrograms?: readonly string[];
  /** An inflow paid by one of these owners (a project's distribution wallet) is a reward. */
  rewardPayers?: readonly string[];
}

/** Reward only when a known distributor program or payer is involved; every other movement is `other`. */
export function classify(tx: SolanaTransaction, mint: string, delta: bigint, rules: RewardRules): RewardKind {
  if (delta <= 0n) return 'other';
  const programs = programsInvoked(tx);
  if (rules.rewardPrograms?.some((id) => programs.has(id))) return 'reward';
  const paidBy = payers(tx, mint);
  if (rules.rewardPayers?.some((payer) => paidBy.includes(payer))) return 'reward';
  return 'other';
}
