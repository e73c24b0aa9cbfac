import { Nullable } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';

const Ms = (description = 'UTC epoch milliseconds') => Type.Integer({ minimum: 0, description });
const Dec = (description: string) => Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', description });

export const DeviceRewardsQuery = Type.Object(
  {
    from: Type.Optional(Ms('default: to − 30 days')),
    to: Type.Optional(Ms('exclusive (default: now)')),
    limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
  },
  { additionalProperties: false },
);

export const DeviceRewardView = Type.Object({
  key: Type.String(),
  source: Type.String(),
  network: Type.String(),
  account: Type.String(),
  token: Type.String(),
  kind: Type.Union([Type.Literal('reward'), Type.Literal('other')]),
  ref: Type.String({ description: 'transaction id, lease id or row id the amount was read from' }),
  ts_ms: Ms(),
  amount: Dec('whole tokens, exact'),
  amount_base_units: Type.String({ pattern: '^-?[0-9]+$' }),
  price_usd: Nullable(Dec('USD per token in the hour of ts_ms')),
  value_usd: Nullable(Dec('amount × price_usd, rounded once to the micro-dollar')),
  explorer_url: Type.String({
    description: 'the transaction on a public explorer, or the account where the ref is not a transaction',
  }),
  explorer: Type.String({ description: 'name of the explorer' }),
});

export const DeviceRewardsView = Type.Object({
  device_id: Type.String(),
  from: Ms(),
  to: Ms(),
  rewards: Type.Array(DeviceRewardView, { description: 'oldest first' }),
});
