import type { Meta, Sample } from '@nodetally/shared';
import type { RewardEvent } from '../rewards/types.js';
import type { AlertHistoryRow } from './alert-types.js';
import type { RewardAccountRecord, StoredRewardEvent } from './reward-types.js';
import type { DeviceRecord } from './types.js';

/** Row shapes both store engines read back, and their one mapping to the Store's records. */
export interface DeviceRow {
  device_id: string;
  name: string | null;
  first_seen_ms: number;
  last_seen_ms: number;
  last_seq: number;
  latest_json: string | null;
  status: DeviceRecord['status'];
  status_ts_ms: number | null;
  meta_json: string | null;
}

export function toDeviceRecord(row: DeviceRow): DeviceRecord {
  return {
    device_id: row.device_id,
    name: row.name,
    first_seen_ms: row.first_seen_ms,
    last_seen_ms: row.last_seen_ms,
    last_seq: row.last_seq,
    status: row.status,
    status_ts_ms: row.status_ts_ms,
    meta: row.meta_json ? (JSON.parse(row.meta_json) as Meta) : null,
    latest: row.latest_json ? (JSON.parse(row.latest_json) as Sample) : null,
  };
}

export interface RewardEventRow {
  key: string;
  source: string;
  network: string;
  account: string;
  token: string;
  amount: string;
  ts_ms: number;
  kind: RewardEvent['kind'];
  ref: string;
  price: string | null;
}

export const toStoredRewardEvent = ({ ts_ms, ...row }: RewardEventRow): StoredRewardEvent => ({
  ...row,
  ts: ts_ms,
});

export interface RewardAccountRow {
  source: string;
  account: string;
  label: string | null;
  options_json: string | null;
}

export interface RewardAccountLinkRow {
  source: string;
  account: string;
  device_id: string;
}

export function toRewardAccounts(
  rows: readonly RewardAccountRow[],
  links: readonly RewardAccountLinkRow[],
): RewardAccountRecord[] {
  // Grouped once (links stay in their order): filtering all links per account was quadratic.
  const devicesOf = new Map<string, string[]>();
  for (const l of links) {
    const key = `${l.source}\u0000${l.account}`;
    const list = devicesOf.get(key);
    if (list) list.push(l.device_id);
    else devicesOf.set(key, [l.device_id]);
  }
  return rows.map((row) => ({
    source: row.source,
    account: row.account,
    label: row.label,
    options: row.options_json ? (JSON.parse(row.options_json) as Record<string, unknown>) : null,
    devices: devicesOf.get(`${row.source}\u0000${row.account}`) ?? [],
  }));
}

export interface AlertHistoryDbRow {
  rule: string;
  device_id: string;
  subject: string | null;
  from_phase: AlertHistoryRow['from'];
  to_phase: AlertHistoryRow['to'];
  message: string;
  ts_ms: number;
}

export const toAlertHistory = ({ from_phase, to_phase, ...row }: AlertHistoryDbRow): AlertHistoryRow => ({
  ...row,
  from: from_phase,
  to: to_phase,
});

export const ALERT_DELIVERY_COLUMNS = `message_id, rule, message_status, title, channel, type, ok, attempts,
  status_code, remote_id, error_code, error_message, ts_ms`;
