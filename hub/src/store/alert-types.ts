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

/** Alert engine state (one JSON document), alert history and deliveries. */
export interface AlertStore {
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
