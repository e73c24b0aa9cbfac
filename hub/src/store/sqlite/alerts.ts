import type Database from 'better-sqlite3';
import type {
  AlertDeliveryRow,
  AlertHistoryRow,
  AlertStepWrite,
  AlertStore,
  PendingAlertDelivery,
} from '../alert-types.js';
import { ALERT_DELIVERY_COLUMNS, type AlertHistoryDbRow, toAlertHistory } from '../rows.js';

type DeliveryRow = Omit<AlertDeliveryRow, 'ok'> & { ok: number };
type PendingRow = Omit<PendingAlertDelivery, 'message'> & { message_json: string };

/** Alert engine state (one row), history and deliveries in SQLite. */
export function sqliteAlertStore(db: Database.Database): AlertStore {
  const getState = db.prepare('SELECT state_json FROM alert_state WHERE id = 1').pluck();
  const saveState = db.prepare(`
    INSERT INTO alert_state (id, state_json, updated_ms) VALUES (1, @state_json, @now)
    ON CONFLICT (id) DO UPDATE SET state_json = excluded.state_json, updated_ms = excluded.updated_ms`);
  const addHistory = db.prepare(`
    INSERT INTO alert_history (rule, device_id, subject, from_phase, to_phase, message, ts_ms)
    VALUES (@rule, @device_id, @subject, @from, @to, @message, @ts_ms)`);
  const listHistory = db.prepare(`SELECT rule, device_id, subject, from_phase, to_phase, message, ts_ms
    FROM alert_history ORDER BY ts_ms DESC, id DESC LIMIT ?`);
  const addDelivery = db.prepare(`INSERT INTO alert_deliveries (${ALERT_DELIVERY_COLUMNS})
    VALUES (@message_id, @rule, @message_status, @title, @channel, @type, @ok, @attempts, @status_code,
            @remote_id, @error_code, @error_message, @ts_ms)`);
  const listDeliveries = db.prepare(
    `SELECT ${ALERT_DELIVERY_COLUMNS} FROM alert_deliveries ORDER BY ts_ms DESC, id DESC LIMIT ?`,
  );
  const addHistoryRows = db.transaction((rows: readonly AlertHistoryRow[]) => {
    for (const row of rows) addHistory.run(row);
  });
  const addDeliveryRows = db.transaction((rows: readonly AlertDeliveryRow[]) => {
    for (const row of rows) addDelivery.run({ ...row, ok: row.ok ? 1 : 0 });
  });
  const enqueue = db.prepare(`
    INSERT INTO alert_outbox (message_id, channel, message_json, created_ms, attempts, next_ms)
    VALUES (@message_id, @channel, @message_json, @now, 0, @now)
    ON CONFLICT (message_id, channel) DO NOTHING`);
  const commitStep = db.transaction((w: AlertStepWrite) => {
    saveState.run({ state_json: JSON.stringify(w.state), now: w.nowMs });
    for (const row of w.history) addHistory.run(row);
    for (const o of w.outbox)
      enqueue.run({
        message_id: o.message_id,
        channel: o.channel,
        message_json: JSON.stringify(o.message),
        now: w.nowMs,
      });
  });
  const listPending = db.prepare(
    'SELECT id, message_id, channel, message_json, created_ms, attempts, next_ms FROM alert_outbox ORDER BY id',
  );
  const removePending = db.prepare('DELETE FROM alert_outbox WHERE id = ?');
  const retryPending = db.prepare(
    'UPDATE alert_outbox SET attempts = attempts + 1, next_ms = @next_ms WHERE id = @id',
  );
  const finish = db.transaction((id: number, row: AlertDeliveryRow, retryAtMs: number | null) => {
    addDelivery.run({ ...row, ok: row.ok ? 1 : 0 });
    if (retryAtMs === null) removePending.run(id);
    else retryPending.run({ id, next_ms: retryAtMs });
  });
  const getSettings = db.prepare('SELECT value_json, updated_ms FROM alert_settings WHERE key = ?');
  const saveSettings = db.prepare(`
    INSERT INTO alert_settings (key, value_json, updated_ms) VALUES (@key, @value_json, @now)
    ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_ms = excluded.updated_ms`);

  return {
    async getAlertState() {
      const json = getState.get() as string | undefined;
      return json === undefined ? null : JSON.parse(json);
    },
    async saveAlertState(state, now) {
      saveState.run({ state_json: JSON.stringify(state), now });
    },
    async addAlertHistory(rows) {
      addHistoryRows(rows);
    },
    async listAlertHistory(limit) {
      return (listHistory.all(limit) as AlertHistoryDbRow[]).map(toAlertHistory);
    },
    async addAlertDeliveries(rows) {
      addDeliveryRows(rows);
    },
    async listAlertDeliveries(limit) {
      return (listDeliveries.all(limit) as DeliveryRow[]).map((row) => ({ ...row, ok: row.ok === 1 }));
    },
    async commitAlertStep(write) {
      commitStep(write);
    },
    async listPendingAlertDeliveries() {
      return (listPending.all() as PendingRow[]).map(({ message_json, ...rest }) => ({
        ...rest,
        message: JSON.parse(message_json),
      }));
    },
    async finishAlertDelivery(id, row, retryAtMs) {
      finish(id, row, retryAtMs);
    },
    async getAlertSettings(key) {
      const row = getSettings.get(key) as { value_json: string; updated_ms: number } | undefined;
      return row ? { value: JSON.parse(row.value_json), updated_ms: row.updated_ms } : null;
    },
    async saveAlertSettings(key, value, now) {
      saveSettings.run({ key, value_json: JSON.stringify(value), now });
    },
  };
}
