export { AkashSource } from './akash/source.js';
export { decimalToBaseUnits, isIntegerString, jsonNumberToBaseUnits } from './amount.js';
export { checkRewardEvent } from './event.js';
export { FluxSource } from './flux/source.js';
export { heliumSource } from './helium/source.js';
export { rewardSources } from './registry.js';
export { SolanaSplSource } from './solana-spl/source.js';
export { ThetaSource } from './theta/source.js';
export type { FetchResult, RewardEvent, RewardKind, RewardSource, SourceOptions } from './types.js';
