import { Nullable } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';

const Money = (description = 'exact, 6 decimals') =>
  Type.String({ pattern: '^-?[0-9]+\\.[0-9]{6}$', description });

export const MoneyTripleView = Type.Object({
  gross: Money(),
  energy: Nullable(Money('null: energy cost unknown')),
  fixed: Money(),
  net: Money(),
});

export const DeviceStateView = Type.Union([
  Type.Literal('online'),
  Type.Literal('offline'),
  Type.Literal('unknown'),
]);

export const FleetQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'substring of id, name or hostname' })),
    status: Type.Optional(DeviceStateView),
    network: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'workload or linked reward network' }),
    ),
    sort: Type.Union(
      [
        Type.Literal('net_today'),
        Type.Literal('net_month'),
        Type.Literal('name'),
        Type.Literal('status'),
        Type.Literal('uptime'),
      ],
      { default: 'name' },
    ),
    order: Type.Optional(
      Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
        description: 'default: desc for money and uptime, asc for name and status',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);

export const FleetDeviceView = Type.Object({
  device_id: Type.String(),
  name: Nullable(Type.String({ description: 'given name, else hostname' })),
  status: DeviceStateView,
  last_seen_ms: Type.Integer(),
  networks: Type.Array(Type.String()),
  cpu_pct: Nullable(Type.Number()),
  gpu_util_pct: Nullable(Type.Number({ description: 'mean over the GPUs of the latest sample' })),
  power_w: Nullable(Type.Number()),
  today: Nullable(MoneyTripleView),
  month_to_date: Nullable(MoneyTripleView),
  projected_month_net: Nullable(Money()),
  net_by_day: Type.Array(Type.Object({ day: Type.String(), net: Money() }), {
    description: 'last 14 local days, oldest first',
  }),
  uptime_pct_7d: Nullable(Type.Number()),
  flags: Type.Array(Type.String(), { description: 'reconciliation flag ids' }),
  change: Nullable(Type.Object({ pct: Nullable(Type.String()), summary: Type.String() })),
  active_alerts: Type.Integer({ minimum: 0, description: 'firing alerts of the device' }),
});

export const FleetView = Type.Object({
  computed_ms: Nullable(Type.Integer({ description: 'when the earnings snapshot was computed' })),
  currency: Nullable(Type.String()),
  total: Type.Integer({ minimum: 0, description: 'devices that match the filters' }),
  counts: Type.Object(
    { online: Type.Integer(), offline: Type.Integer(), unknown: Type.Integer() },
    { description: 'whole fleet by status, before filters' },
  ),
  totals: Nullable(
    Type.Object({ today: MoneyTripleView, month_to_date: MoneyTripleView }, { description: 'whole fleet' }),
  ),
  devices: Type.Array(FleetDeviceView),
});
