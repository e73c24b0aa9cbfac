import { Nullable } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';

const Day = (description = "local day 'YYYY-MM-DD'") =>
  Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description });
/** Exact decimal string of the currency, six decimals (micro-units). */
const Money = (description = 'exact, 6 decimals') =>
  Type.String({ pattern: '^-?[0-9]+\\.[0-9]{6}$', description });
const Pct = () =>
  Nullable(Type.String({ pattern: '^-?[0-9]+\\.[0-9]{2}$', description: 'percent, 2 decimals' }));

export const RangeQuery = Type.Object(
  {
    from: Type.Optional(Day('first local day (default: to − 29 days)')),
    to: Type.Optional(Day('last local day, inclusive (default: today)')),
  },
  { additionalProperties: false },
);

export const DeviceQuery = Type.Object(
  {
    ...RangeQuery.properties,
    granularity: Type.Union([Type.Literal('day'), Type.Literal('month')], { default: 'day' }),
  },
  { additionalProperties: false },
);

export const TokenView = Type.Object({
  network: Type.String(),
  token: Type.String(),
  amount: Nullable(Type.String({ description: 'whole tokens, exact' })),
  amount_base_units: Type.String(),
  unpriced_base_units: Type.String({ description: 'base units with no price in their own hour' }),
  value: Money('at the price of each reward’s own hour'),
  value_now: Money('at today’s price'),
});

export const PeriodView = Type.Object({
  period: Type.String({ description: "'YYYY-MM-DD', 'YYYY-MM' or 'total'" }),
  gross: Money(),
  gross_now: Money(),
  energy_kwh: Type.String(),
  interpolated_kwh: Type.String(),
  unknown_energy_hours: Type.Number(),
  energy_cost: Nullable(Money('null when no tariff was in effect')),
  fixed: Money(),
  amortization: Money(),
  net: Money(),
  complete: Type.Boolean({ description: 'false: unpriced rewards, unknown energy hours or no tariff' }),
  uptime_s: Nullable(Type.Integer()),
  tokens: Type.Array(TokenView),
});

export const FlagView = Type.Object({
  kind: Type.String(),
  day: Type.Optional(Type.String()),
  network: Type.Optional(Type.String()),
  account: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
  amount_base_units: Type.Optional(Type.String()),
  baseline_base_units: Type.Optional(Type.String()),
  period_from: Type.Optional(Type.String()),
  period_to: Type.Optional(Type.String()),
  last_payout_ms: Type.Optional(Nullable(Type.Integer())),
  overdue_ms: Type.Optional(Nullable(Type.Integer())),
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  gross: Type.Optional(Money()),
  cost: Type.Optional(Money()),
});

export const DeviceEarnings = Type.Object({
  device: Type.String(),
  from: Day(),
  to: Day(),
  time_zone: Type.String(),
  currency: Type.String(),
  granularity: Type.String(),
  total: PeriodView,
  periods: Type.Array(PeriodView),
  uptime: Type.Object({
    percent: Pct(),
    gross_per_online_hour: Nullable(Money()),
    tokens: Type.Array(
      Type.Object({
        network: Type.String(),
        token: Type.String(),
        per_gpu_busy_hour: Nullable(Type.String({ description: 'base units' })),
        per_gb: Nullable(Type.String({ description: 'base units' })),
      }),
    ),
  }),
  month: Type.Object({
    month_to_date: Money(),
    projected_month: Nullable(Money()),
    trailing_days: Type.Integer(),
  }),
  payback: Nullable(
    Type.Object({
      status: Type.String(),
      on: Nullable(Day()),
      remaining: Nullable(Money()),
      since: Day(),
      partial: Type.Boolean({ description: 'history read from a later day than the purchase' }),
    }),
  ),
  flags: Type.Array(FlagView),
  decomposition: Nullable(
    Type.Object(
      {
        baseline_from: Day(),
        baseline_to: Day(),
        recent_from: Day(),
        recent_to: Day(),
        baseline_net_per_day: Money(),
        recent_net_per_day: Money(),
        total: Money(),
        total_percent: Pct(),
        effects: Type.Array(Type.Object({ name: Type.String(), amount: Money(), percent: Pct() })),
        text: Type.String(),
      },
      { description: 'recent 7 days vs the 28 before; null without present days in both' },
    ),
  ),
});

export const FleetSummary = Type.Object({
  from: Day(),
  to: Day(),
  time_zone: Type.String(),
  currency: Type.String(),
  total: PeriodView,
  devices: Type.Array(Type.Object({ device: Type.String(), total: PeriodView })),
  unattributed: Type.Array(
    Type.Object({
      network: Type.String(),
      account: Type.String(),
      token: Type.String(),
      day: Nullable(Type.String()),
      reason: Type.String(),
      amount_base_units: Type.String(),
      value: Money(),
    }),
  ),
});

export const ErrorView = Type.Object({ error: Type.String(), message: Type.String() });
