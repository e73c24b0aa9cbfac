export { classify, type RewardRules } from './classify.js';
export { ownerDelta, payers, programsInvoked } from './delta.js';
export { SOLANA_MAINNET_RPC, type SolanaSplOptions, SolanaSplSource } from './source.js';
