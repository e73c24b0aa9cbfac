import { Nullable } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';

const Ms = Type.Integer({ minimum: 0, description: 'UTC epoch milliseconds' });
const Phase = Type.Union([Type.Literal('ok'), Type.Literal('pending'), Type.Literal('firing')]);
const Severity = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]);

export const AlertsQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 200, description: 'history and deliveries' }),
  },
  { additionalProperties: false },
);

export const SilenceBody = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'default: a random id' })),
    rule: Type.Optional(Type.String({ minLength: 1, description: 'rule kind (offline, reboot, …)' })),
    device_id: Type.Optional(Type.String({ minLength: 1 })),
    until: Type.Integer({ minimum: 0, description: 'silenced until (UTC epoch milliseconds)' }),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const SilenceView = Type.Object({
  id: Type.String(),
  rule: Type.Optional(Type.String()),
  device_id: Type.Optional(Type.String()),
  until: Ms,
  reason: Type.Optional(Type.String()),
});

const ActiveView = Type.Object({
  rule: Type.String(),
  device_id: Type.String(),
  name: Nullable(Type.String()),
  site: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  phase: Phase,
  since_ms: Ms,
  fired_at_ms: Nullable(Ms),
  notified: Type.Union([Type.Literal('ok'), Type.Literal('firing')]),
  severity: Severity,
  summary: Type.String(),
});

const HistoryView = Type.Object({
  rule: Type.String(),
  device_id: Type.String(),
  subject: Nullable(Type.String()),
  from: Phase,
  to: Phase,
  message: Type.String(),
  ts_ms: Ms,
});

export const DeliveryView = Type.Object({
  message_id: Type.String(),
  rule: Type.String(),
  message_status: Type.Union([Type.Literal('firing'), Type.Literal('resolved'), Type.Literal('test')]),
  title: Type.String(),
  channel: Type.String(),
  type: Type.String(),
  ok: Type.Boolean(),
  attempts: Type.Integer({ minimum: 0 }),
  status_code: Nullable(Type.Integer()),
  remote_id: Nullable(Type.String()),
  error_code: Nullable(Type.String()),
  error_message: Nullable(Type.String()),
  ts_ms: Ms,
});

export const AlertsView = Type.Object({
  enabled: Type.Boolean(),
  channels: Type.Array(Type.Object({ channel: Type.String(), type: Type.String() })),
  active: Type.Array(ActiveView, { description: 'alerts pending or firing, or not yet told resolved' }),
  silences: Type.Array(SilenceView),
  history: Type.Array(HistoryView, { description: 'phase changes, newest first' }),
  deliveries: Type.Array(DeliveryView, { description: 'messages per channel, newest first' }),
});
