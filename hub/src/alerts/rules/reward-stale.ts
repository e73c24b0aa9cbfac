import { type Static, Type } from '@sinclair/typebox';
import type { RuleDefinition } from '../types.js';
import { common, commonFields, formatUtc, hours } from './common.js';

const defaults = common('warning', 0, hours(6));

export const RewardStaleConfig = Type.Object(commonFields(defaults), {
  default: {},
  additionalProperties: false,
});
export type RewardStaleConfig = Static<typeof RewardStaleConfig>;

/**
 * Reward source stale: the sync of an account feeding this device has not succeeded for
 * `STALE_AFTER_INTERVALS` intervals (rewards/staleness.ts decides; the hub passes `stale`), so its
 * earnings figures are incomplete. The message carries the source's last error.
 */
export const rewardStale: RuleDefinition<RewardStaleConfig> = {
  kind: 'reward-stale',
  title: 'Reward source stale',
  type: 'state',
  schema: RewardStaleConfig,
  defaults,
  evaluate(device, config) {
    if (!device.reward_sources) return null;
    return device.reward_sources
      .filter((s) => s.stale)
      .map((s) => ({
        rule: 'reward-stale',
        device_id: device.device_id,
        subject: `${s.source}/${s.account}`,
        severity: config.severity,
        summary: `${s.source} data for ${s.account} is stale (last success ${s.last_success_ms === null ? 'never' : formatUtc(s.last_success_ms)}${s.last_error ? `; last error: ${s.last_error.slice(0, 200)}` : ''})`,
      }));
  },
};
