/** One phase change of one alert (rule, device, subject), for the history page. */
export interface AlertHistoryRow {
  rule: string;
  device_id: string;
  subject: string | null;
  from: 'ok' | 'pending' | 'firing';
  to: 'ok' | 'pending' | 'firing';
  /** The condition's one-line summary at the time. */
  message: string;
  ts_ms: number;
}

/** One message handed to one channel, and what came of it (retries included). */
export interface AlertDeliveryRow {
  message_id: string;
  rule: string;
  /** The message's status: firing, resolved, or test (the "send test" action). */
  message_status: 'firing' | 'resolved' | 'test';
  title: string;
  channel: string;
  type: string;
  ok: boolean;
  attempts: number;
  /** Last HTTP status or SMTP reply code; null when none came. */
  status_code: number | null;
  remote_id: string | null;
  error_code: string | null;
  error_message: string | null;
  ts_ms: number;
}

/** A message to one channel, written with the engine state that produced it, until it is delivered. */
export interface PendingAlertDelivery {
  /** Assigned by the store. */
  id: number;
  message_id: string;
  /** The channel's id (`id`, else its type). */
  channel: string;
  /** The `AlertMessage` as JSON. */
  message: unknown;
  created_ms: number;
  /** Delivery rounds tried so far (each with the notifier's own retries). */
  attempts: number;
  /** Not to be tried before this time. */
  next_ms: number;
}

/** What one evaluation writes, in one transaction: a crash leaves all of it or none. */
export interface AlertStepWrite {
  state: unknown;
  nowMs: number;
  history: readonly AlertHistoryRow[];
  /** One row per (message, channel); a (message_id, channel) already queued is kept as it is. */
  outbox: ReadonlyArray<Pick<PendingAlertDelivery, 'message_id' | 'channel' | 'message'>>;
}

/** Alert engine state (one JSON document), alert history and deliveries. */
export interface AlertStore {
  /** Saves the state, appends the history and queues the deliveries atomically. */
  commitAlertStep(write: AlertStepWrite): Promise<void>;
  /** Every queued delivery, oldest first (by id). */
  listPendingAlertDeliveries(): Promise<PendingAlertDelivery[]>;
  /**
   * Records one delivery round's outcome and, atomically, removes the queued row or (`retryAtMs`
   * set) keeps it for another round then, with its attempts counted.
   */
  finishAlertDelivery(id: number, row: AlertDeliveryRow, retryAtMs: number | null): Promise<void>;
  /** A settings document saved through the API (`rules`, `channels`), null when never saved. */
  getAlertSettings(key: string): Promise<{ value: unknown; updated_ms: number } | null>;
  saveAlertSettings(key: string, value: unknown, nowMs: number): Promise<void>;
  /** The engine's state as last saved (parsed JSON), null when never saved. */
  getAlertState(): Promise<unknown>;
  saveAlertState(state: unknown, nowMs: number): Promise<void>;
  addAlertHistory(rows: readonly AlertHistoryRow[]): Promise<void>;
  /** Newest first (by time, then insertion), at most `limit`. */
  listAlertHistory(limit: number): Promise<AlertHistoryRow[]>;
  addAlertDeliveries(rows: readonly AlertDeliveryRow[]): Promise<void>;
  /** Newest first (by time, then insertion), at most `limit`. */
  listAlertDeliveries(limit: number): Promise<AlertDeliveryRow[]>;
}
