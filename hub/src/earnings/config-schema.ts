import { type Static, Type } from '@sinclair/typebox';

const Day = (description = "local day 'YYYY-MM-DD'") =>
  Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description });
/** Exact decimal string, at most 6 decimals (money is integer micro-units). */
const Money = (description = 'exact decimal, at most 6 decimals') =>
  Type.String({ pattern: '^[0-9]+(\\.[0-9]{1,6})?$', description });
/** Price per kWh: exact decimal string. */
const PerKwh = (description = 'currency per kWh, exact decimal') =>
  Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$', description });
const Hour = (description = 'local hour') => Type.Integer({ minimum: 0, maximum: 24, description });

export const TouBandConfig = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
      minItems: 1,
      description: 'local weekdays, 0 = Sunday',
    }),
    fromHour: Hour(),
    toHour: Hour('exclusive; wraps midnight when fromHour > toHour'),
    pricePerKwh: PerKwh(),
  },
  { additionalProperties: false },
);

export const TariffConfig = Type.Object(
  {
    effectiveFrom: Day('first local day this version applies to'),
    pricePerKwh: Type.Optional(PerKwh('flat price (or give bands)')),
    defaultPricePerKwh: Type.Optional(PerKwh('time-of-use: price outside every band')),
    bands: Type.Optional(Type.Array(TouBandConfig, { description: 'time-of-use bands; first match wins' })),
  },
  { additionalProperties: false },
);

export const FixedCostConfig = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    monthly: Money('amount per calendar month'),
    devices: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'devices it applies to (each pays it); all when absent',
      }),
    ),
    from: Type.Optional(Day()),
    to: Type.Optional(Day()),
  },
  { additionalProperties: false },
);

export const HardwareConfig = Type.Object(
  {
    device: Type.String({ minLength: 1 }),
    price: Money(),
    months: Type.Integer({ minimum: 1, maximum: 600, description: 'amortization period' }),
    purchased: Day('purchase day: amortization and payback start here'),
  },
  { additionalProperties: false },
);

export const SplitConfig = Type.Object(
  {
    network: Type.Optional(Type.String({ minLength: 1, description: 'event network; any when absent' })),
    account: Type.String({ minLength: 1 }),
    rule: Type.Union(
      ['equal', 'weights', 'uptime', 'gpu-busy', 'bandwidth'].map((r) => Type.Literal(r)),
      { description: 'how a shared account is split among its linked devices' },
    ),
    weights: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0 }))),
  },
  { additionalProperties: false },
);

/** The settings the earnings API reads; spread into the hub's config schema. */
export const earningsSettings = {
  timeZone: Type.String({
    default: 'UTC',
    minLength: 1,
    description: 'IANA zone whose days earnings are cut into',
  }),
  currency: Type.Literal('USD', { default: 'USD', description: 'currency of prices, tariffs and costs' }),
  tariffs: Type.Array(TariffConfig, {
    default: [],
    description:
      'electricity tariff versions (JSON in a variable or flag): [{"effectiveFrom": "2024-01-01", "pricePerKwh": "0.30"}] or time-of-use {"defaultPricePerKwh": "0.10", "bands": [{"days": [1,2,3,4,5], "fromHour": 17, "toHour": 21, "pricePerKwh": "0.40"}]}',
  }),
  fixedCosts: Type.Array(FixedCostConfig, {
    default: [],
    description:
      'monthly costs per device (JSON): [{"name": "hosting", "monthly": "31.00", "devices": ["rig-1"]}]',
  }),
  hardware: Type.Array(HardwareConfig, {
    default: [],
    description:
      'hardware price amortized per device (JSON): [{"device": "rig-1", "price": "1200", "months": 24, "purchased": "2024-01-01"}]',
  }),
  rewardSplits: Type.Array(SplitConfig, {
    default: [],
    description:
      'split rule of a reward account linked to several devices (JSON); equal when absent: [{"account": "<wallet>", "rule": "uptime"}]',
  }),
};

/** The same settings as one object: config validation and `PUT /api/v1/settings/earnings` share it. */
export const EarningsSettingsSchema = Type.Object(earningsSettings, { additionalProperties: false });

/** How often the hub recomputes the fleet's earnings snapshot (config only; not saved through the API). */
export const earningsServiceSettings = {
  earningsRefreshS: Type.Integer({
    default: 300,
    minimum: 5,
    maximum: 86_400,
    description:
      'seconds between recomputations of the fleet earnings snapshot (dashboard, /metrics, alerts); a settings change recomputes at once',
  }),
};
export type EarningsSettings = Static<typeof EarningsSettingsSchema>;
