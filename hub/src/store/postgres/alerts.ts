import type pg from 'pg';
import type { AlertDeliveryRow, AlertStore } from '../alert-types.js';
import { ALERT_DELIVERY_COLUMNS, type AlertHistoryDbRow, toAlertHistory } from '../rows.js';
import { inTransaction } from './db.js';

const SAVE_STATE = `
  INSERT INTO alert_state (id, state_json, updated_ms) VALUES (1, $1, $2)
  ON CONFLICT (id) DO UPDATE SET state_json = excluded.state_json, updated_ms = excluded.updated_ms`;
const ADD_HISTORY = `
  INSERT INTO alert_history (rule, device_id, subject, from_phase, to_phase, message, ts_ms)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`;
const ADD_DELIVERY = `INSERT INTO alert_deliveries (${ALERT_DELIVERY_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;

/** Alert engine state (one row), history and deliveries in PostgreSQL; same results as SQLite. */
export function postgresAlertStore(pool: pg.Pool): AlertStore {
  return {
    async getAlertState() {
      const { rows } = await pool.query<{ state_json: string }>(
        'SELECT state_json FROM alert_state WHERE id = 1',
      );
      return rows[0] ? JSON.parse(rows[0].state_json) : null;
    },
    async saveAlertState(state, now) {
      await pool.query(SAVE_STATE, [JSON.stringify(state), now]);
    },
    async addAlertHistory(rows) {
      if (rows.length === 0) return;
      await inTransaction(pool, async (client) => {
        for (const r of rows)
          await client.query(ADD_HISTORY, [r.rule, r.device_id, r.subject, r.from, r.to, r.message, r.ts_ms]);
      });
    },
    async listAlertHistory(limit) {
      const { rows } = await pool.query<AlertHistoryDbRow>(
        `SELECT rule, device_id, subject, from_phase, to_phase, message, ts_ms
         FROM alert_history ORDER BY ts_ms DESC, id DESC LIMIT $1`,
        [limit],
      );
      return rows.map(toAlertHistory);
    },
    async addAlertDeliveries(rows) {
      if (rows.length === 0) return;
      await inTransaction(pool, async (client) => {
        for (const r of rows)
          await client.query(ADD_DELIVERY, [
            r.message_id,
            r.rule,
            r.message_status,
            r.title,
            r.channel,
            r.type,
            r.ok,
            r.attempts,
            r.status_code,
            r.remote_id,
            r.error_code,
            r.error_message,
            r.ts_ms,
          ]);
      });
    },
    async listAlertDeliveries(limit) {
      const { rows } = await pool.query<AlertDeliveryRow>(
        `SELECT ${ALERT_DELIVERY_COLUMNS} FROM alert_deliveries ORDER BY ts_ms DESC, id DESC LIMIT $1`,
        [limit],
      );
      return rows;
    },
  };
}
