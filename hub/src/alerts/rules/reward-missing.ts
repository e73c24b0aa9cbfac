import { type Static, Type } from '@sinclair/typebox';
import { type Cadence, cadenceOf } from '../../earnings/cadence.js';
import type { Condition, RuleDefinition } from '../types.js';
import { common, commonFields, formatDuration, formatUtc, hours } from './common.js';

const defaults = {
  ...common('warning', 0, hours(24)),
  cadenceFactor: 2,
  cadence: {} as Record<string, Cadence>,
};

export const RewardMissingConfig = Type.Object(
  {
    ...commonFields(defaults),
    cadenceFactor: Type.Number({
      minimum: 1,
      default: defaults.cadenceFactor,
      description: 'missing when the last payout is older than the network’s cadence × this',
    }),
    cadence: Type.Record(
      Type.String(),
      Type.Object({
        everyMs: Type.Integer({ minimum: 1 }),
        periodDays: Type.Integer({ minimum: 1 }),
        lagDays: Type.Integer({ minimum: 0 }),
      }),
      { default: {}, description: 'per-network cadence overrides (earnings/cadence.ts has the defaults)' },
    ),
  },
  { default: {}, additionalProperties: false },
);
export type RewardMissingConfig = Static<typeof RewardMissingConfig>;

/**
 * Reward missing longer than the network's cadence: per linked account, the last payout is older
 * than cadence × `cadenceFactor`. An account that never paid yet is not alerted on (new setup).
 */
export const rewardMissing: RuleDefinition<RewardMissingConfig> = {
  kind: 'reward-missing',
  title: 'Reward missing longer than the network’s cadence',
  type: 'state',
  schema: RewardMissingConfig,
  defaults,
  evaluate(device, config, { now }) {
    if (!device.payouts) return null;
    const out: Condition[] = [];
    for (const p of device.payouts) {
      if (p.last_payout_ms === null) continue;
      const due = cadenceOf(p.network, config.cadence).everyMs * config.cadenceFactor;
      const age = now - p.last_payout_ms;
      if (age <= due) continue;
      out.push({
        rule: 'reward-missing',
        device_id: device.device_id,
        subject: `${p.network}/${p.account}`,
        severity: config.severity,
        summary: `no ${p.network} reward for ${formatDuration(age)} (last ${formatUtc(p.last_payout_ms)}; expected every ${formatDuration(due / config.cadenceFactor)}) on ${p.account}`,
      });
    }
    return out;
  },
};
