import type pg from 'pg';
import type { AlertDeliveryRow, AlertStore, PendingAlertDelivery } from '../alert-types.js';
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
const ENQUEUE = `
  INSERT INTO alert_outbox (message_id, channel, message_json, created_ms, attempts, next_ms)
  VALUES ($1, $2, $3, $4, 0, $4) ON CONFLICT (message_id, channel) DO NOTHING`;
const SAVE_SETTINGS = `
  INSERT INTO alert_settings (key, value_json, updated_ms) VALUES ($1, $2, $3)
  ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_ms = excluded.updated_ms`;

const deliveryParams = (r: AlertDeliveryRow) => [
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
];

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
        for (const r of rows) await client.query(ADD_DELIVERY, deliveryParams(r));
      });
    },
    async listAlertDeliveries(limit) {
      const { rows } = await pool.query<AlertDeliveryRow>(
        `SELECT ${ALERT_DELIVERY_COLUMNS} FROM alert_deliveries ORDER BY ts_ms DESC, id DESC LIMIT $1`,
        [limit],
      );
      return rows;
    },
    async commitAlertStep(w) {
      await inTransaction(pool, async (client) => {
        await client.query(SAVE_STATE, [JSON.stringify(w.state), w.nowMs]);
        for (const r of w.history)
          await client.query(ADD_HISTORY, [r.rule, r.device_id, r.subject, r.from, r.to, r.message, r.ts_ms]);
        for (const o of w.outbox)
          await client.query(ENQUEUE, [o.message_id, o.channel, JSON.stringify(o.message), w.nowMs]);
      });
    },
    async listPendingAlertDeliveries() {
      const { rows } = await pool.query<Omit<PendingAlertDelivery, 'message'> & { message_json: string }>(
        'SELECT id, message_id, channel, message_json, created_ms, attempts, next_ms FROM alert_outbox ORDER BY id',
      );
      return rows.map(({ message_json, ...rest }) => ({ ...rest, message: JSON.parse(message_json) }));
    },
    async finishAlertDelivery(id, row, retryAtMs) {
      await inTransaction(pool, async (client) => {
        await client.query(ADD_DELIVERY, deliveryParams(row));
        if (retryAtMs === null) await client.query('DELETE FROM alert_outbox WHERE id = $1', [id]);
        else
          await client.query('UPDATE alert_outbox SET attempts = attempts + 1, next_ms = $2 WHERE id = $1', [
            id,
            retryAtMs,
          ]);
      });
    },
    async getAlertSettings(key) {
      const { rows } = await pool.query<{ value_json: string; updated_ms: number }>(
        'SELECT value_json, updated_ms FROM alert_settings WHERE key = $1',
        [key],
      );
      return rows[0] ? { value: JSON.parse(rows[0].value_json), updated_ms: rows[0].updated_ms } : null;
    },
    async saveAlertSettings(key, value, now) {
      await pool.query(SAVE_SETTINGS, [key, JSON.stringify(value), now]);
    },
  };
}
