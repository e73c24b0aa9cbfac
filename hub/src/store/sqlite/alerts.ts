import type Database from 'better-sqlite3';
import type { AlertDeliveryRow, AlertHistoryRow, AlertStore } from '../alert-types.js';
import { ALERT_DELIVERY_COLUMNS, type AlertHistoryDbRow, toAlertHistory } from '../rows.js';

type DeliveryRow = Omit<AlertDeliveryRow, 'ok'> & { ok: number };

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
  };
}
