import { formatDuration } from './rules/common.js';
import type { EntryState } from './state.js';
import type { Severity } from './types.js';

export interface AlertItem {
  device_id: string;
  name: string | null;
  subject: string | null;
  summary: string;
  /** When it fired (ms). */
  fired_at: number | null;
}

/** One notification: a single alert, or a group of one rule's alerts at one site. */
export interface AlertMessage {
  /** Deterministic: rule, status, site and time; a delivery id for receivers to deduplicate. */
  id: string;
  rule: string;
  status: 'firing' | 'resolved';
  severity: Severity;
  site: string | null;
  ts: number;
  alerts: AlertItem[];
  title: string;
  text: string;
}

const SEVERITY_ORDER: Severity[] = ['info', 'warning', 'critical'];
const label = (rule: string) => rule.replaceAll('-', ' ');
const who = (a: { device_id: string; name: string | null }) =>
  a.name && a.name !== a.device_id ? `${a.name} (${a.device_id})` : a.device_id;

/** Builds the message of one flushed group; entries are in a stable order (device id, subject). */
export function buildMessage(
  entries: readonly EntryState[],
  status: 'firing' | 'resolved',
  now: number,
  listMax: number,
): AlertMessage {
  const first = entries[0];
  if (!first) throw new RangeError('a message needs alerts');
  const alerts: AlertItem[] = entries.map((e) => ({
    device_id: e.device_id,
    name: e.name,
    subject: e.subject,
    summary: e.summary,
    fired_at: e.firedAt,
  }));
  const severity = entries
    .map((e) => e.severity)
    .reduce((a, b) => (SEVERITY_ORDER.indexOf(b) > SEVERITY_ORDER.indexOf(a) ? b : a));
  const tag = status === 'firing' ? 'FIRING' : 'RESOLVED';
  const devices = new Set(entries.map((e) => e.device_id)).size;
  const at = first.site ? ` at ${first.site}` : '';
  const line = (a: AlertItem) => {
    const sub = a.subject ? ` [${a.subject}]` : '';
    if (status === 'firing') return `${who(a)}${sub}: ${a.summary}`;
    const lasted = a.fired_at === null ? '' : ` after ${formatDuration(now - a.fired_at)}`;
    return `${who(a)}${sub}: resolved${lasted} (was: ${a.summary})`;
  };
  let title: string;
  let text: string;
  if (alerts.length === 1) {
    const a = alerts[0] as AlertItem;
    title = `[${tag}] ${who(a)}: ${label(first.rule)}${a.subject ? ` ${a.subject}` : ''}`;
    text = line(a);
  } else {
    const count = devices === 1 ? `${alerts.length} alerts` : `${devices} devices`;
    title = `[${tag}] ${label(first.rule)}: ${count}${at}`;
    const shown = alerts.slice(0, listMax).map((a) => `- ${line(a)}`);
    if (alerts.length > listMax) shown.push(`… and ${alerts.length - listMax} more`);
    text = shown.join('\n');
  }
  return {
    id: `${first.rule}:${status}:${first.site ?? ''}:${now}`,
    rule: first.rule,
    status,
    severity,
    site: first.site,
    ts: now,
    alerts,
    title,
    text,
  };
}
