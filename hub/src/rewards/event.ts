import { Tokens } from '@nodetally/shared';
import { isIntegerString } from './amount.js';
import type { RewardEvent } from './types.js';

/** What is wrong with an event, empty when nothing; the contract suite and the store's caller use it. */
export function checkRewardEvent(event: RewardEvent): string[] {
  const problems: string[] = [];
  if (typeof event.key !== 'string' || event.key.length === 0) problems.push('key is empty');
  if (typeof event.account !== 'string' || event.account.length === 0) problems.push('account is empty');
  if (!Tokens.has(event.token)) problems.push(`token ${event.token} is not in the registry`);
  if (typeof event.amount !== 'string' || !isIntegerString(event.amount)) {
    problems.push(`amount ${String(event.amount)} is not an integer string`);
  } else if (event.amount === '0') {
    problems.push('amount is zero');
  } else if (event.kind === 'reward' && event.amount.startsWith('-')) {
    problems.push('a reward cannot be negative');
  }
  if (!Number.isSafeInteger(event.ts) || event.ts < Date.UTC(2009, 0) || event.ts > Date.UTC(2100, 0)) {
    problems.push(`ts ${event.ts} is not epoch milliseconds`);
  }
  if (event.kind !== 'reward' && event.kind !== 'other') problems.push(`kind ${String(event.kind)}`);
  if (typeof event.ref !== 'string' || event.ref.length === 0) problems.push('ref is empty');
  if (typeof event.network !== 'string' || event.network.length === 0) problems.push('network is empty');
  return problems;
}
