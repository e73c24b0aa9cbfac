import type { AlertDeliveryRow, AlertHistoryRow } from '../store/alert-types.js';
import type { Transition } from './engine.js';
import type { AlertMessage } from './message.js';
import type { DeliveryResult } from './notifiers/index.js';

/** What the store keeps of one delivery result. */
export const deliveryRow = (
  r: DeliveryResult,
  m: Pick<AlertMessage, 'rule' | 'title'>,
  status: AlertDeliveryRow['message_status'],
): AlertDeliveryRow => ({
  message_id: r.message_id,
  rule: m.rule,
  message_status: status,
  title: m.title,
  channel: r.channel,
  type: r.type,
  ok: r.ok,
  attempts: r.attempts,
  status_code: r.status,
  remote_id: r.remote_id,
  error_code: r.error?.code ?? null,
  error_message: r.error?.message ?? null,
  ts_ms: r.ts,
});

/** What the store keeps of one phase change. */
export const historyRow = (t: Transition): AlertHistoryRow => ({
  rule: t.rule,
  device_id: t.device_id,
  subject: t.subject,
  from: t.from,
  to: t.to,
  message: t.summary,
  ts_ms: t.ts,
});
