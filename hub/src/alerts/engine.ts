import { type AlertMessage, buildMessage } from './message.js';
import { inQuietHours, type QuietHours } from './quiet-hours.js';
import { type AlertState, type EntryState, entryKey, silencedBy } from './state.js';
import type { RuleVerdict } from './types.js';

export interface EngineSettings {
  /** Messages of one rule and site ready within this window go out as one (0: same step only). */
  groupWaitMs: number;
  /** Alerts listed in a grouped message before "… and N more". */
  groupListMax: number;
  quietHours: QuietHours | null;
  rules: Record<string, { minDurationMs: number; cooldownMs: number; type: 'state' | 'event' }>;
}

/** One rule's verdict on one device this step. */
export interface Observation {
  rule: string;
  device_id: string;
  name: string | null;
  site: string | null;
  verdict: RuleVerdict;
}

export interface Transition {
  key: string;
  rule: string;
  device_id: string;
  subject: string | null;
  from: EntryState['phase'];
  to: EntryState['phase'];
  ts: number;
  summary: string;
}

export interface StepResult {
  state: AlertState;
  messages: AlertMessage[];
  /** Every phase change, for the alert history. */
  transitions: Transition[];
  /** Messages dropped by quiet hours in `drop` mode (never sent). */
  dropped: Array<{ key: string; status: 'firing' | 'resolved' }>;
}

/**
 * One evaluation step; pure. Observed conditions move each (rule, device, subject) through
 * ok → pending → firing (after the rule's minimum duration) and back to ok when it clears. What the
 * operator was last told (`notified`) then converges to that phase, one message at a time: not while
 * silenced or in quiet hours (`hold`; `drop` marks it told without sending), not within the cool-down
 * of the last message, and after `groupWaitMs` in a group of the same rule, status and site. A
 * change that reverts before it could be sent is never sent, so flapping costs no messages.
 */
export function step(
  prev: AlertState,
  observations: readonly Observation[],
  settings: EngineSettings,
  now: number,
): StepResult {
  const entries: Record<string, EntryState> = {};
  for (const [k, e] of Object.entries(prev.entries)) entries[k] = { ...e };
  const transitions: Transition[] = [];
  const move = (key: string, e: EntryState, to: EntryState['phase']) => {
    transitions.push({
      key,
      rule: e.rule,
      device_id: e.device_id,
      subject: e.subject,
      from: e.phase,
      to,
      ts: now,
      summary: e.summary,
    });
    e.phase = to;
    e.since = now;
    if (to === 'firing') e.firedAt = now;
  };
  const byPair = new Map<string, string[]>();
  for (const [key, e] of Object.entries(entries)) {
    const pair = `${e.rule}|${e.device_id}|`;
    byPair.set(pair, [...(byPair.get(pair) ?? []), key]);
  }
  const observed = new Set<string>();
  for (const o of observations) {
    const rule = settings.rules[o.rule];
    if (!rule) continue;
    const pair = `${o.rule}|${o.device_id}|`;
    observed.add(pair);
    if (o.verdict === null) continue; // no data: keep this device's state for the rule as it is
    const active = new Set<string>();
    for (const c of o.verdict) {
      const key = entryKey(c.rule, c.device_id, c.subject);
      active.add(key);
      const e: EntryState = entries[key] ?? {
        rule: c.rule,
        device_id: c.device_id,
        subject: c.subject ?? null,
        phase: 'ok',
        since: now,
        firedAt: null,
        notified: 'ok',
        lastSentMs: null,
        queuedAt: null,
        summary: c.summary,
        severity: c.severity,
        name: o.name,
        site: o.site,
      };
      entries[key] = e;
      Object.assign(e, { summary: c.summary, severity: c.severity, name: o.name, site: o.site });
      if (e.phase === 'ok') move(key, e, 'pending');
      if (e.phase === 'pending' && now - e.since >= rule.minDurationMs) move(key, e, 'firing');
    }
    for (const key of byPair.get(pair) ?? []) {
      const e = entries[key];
      if (e && !active.has(key) && e.phase !== 'ok') move(key, e, 'ok');
    }
  }
  for (const [key, e] of Object.entries(entries)) {
    // Rule disabled or removed, or device gone: forget silently.
    if (!observed.has(`${e.rule}|${e.device_id}|`) || !settings.rules[e.rule]) delete entries[key];
  }
  const silences = prev.silences.filter((s) => s.until > now);
  const quiet = inQuietHours(settings.quietHours, now);
  const dropped: StepResult['dropped'] = [];
  for (const [key, e] of Object.entries(entries)) {
    const rule = settings.rules[e.rule];
    if (!rule) continue;
    const want = e.phase === 'firing' ? 'firing' : 'ok';
    if (want === 'ok' && e.notified === 'firing' && rule.type === 'event') e.notified = 'ok';
    if (want === e.notified) {
      e.queuedAt = null;
      continue;
    }
    const bypass = settings.quietHours?.except.includes(e.severity) ?? false;
    if (quiet && !bypass && settings.quietHours?.mode === 'drop') {
      dropped.push({ key, status: want === 'firing' ? 'firing' : 'resolved' });
      e.notified = want;
      e.queuedAt = null;
      continue;
    }
    const cooling = e.lastSentMs !== null && now - e.lastSentMs < rule.cooldownMs;
    if ((quiet && !bypass) || cooling || silencedBy(silences, e, now)) {
      e.queuedAt = null;
      continue;
    }
    e.queuedAt ??= now;
  }
  const messages = flush(entries, settings, now);
  for (const [key, e] of Object.entries(entries)) {
    const rule = settings.rules[e.rule];
    const cooled = e.lastSentMs === null || now - e.lastSentMs >= (rule?.cooldownMs ?? 0);
    if (e.phase === 'ok' && e.notified === 'ok' && e.queuedAt === null && cooled) delete entries[key];
  }
  return { state: { v: 1, entries, silences }, messages, transitions, dropped };
}

/** Sends the groups whose first member has waited `groupWaitMs`. */
function flush(entries: Record<string, EntryState>, settings: EngineSettings, now: number): AlertMessage[] {
  const groups = new Map<string, EntryState[]>();
  for (const e of Object.values(entries)) {
    if (e.queuedAt === null) continue;
    const g = `${e.rule}|${e.phase === 'firing' ? 'firing' : 'resolved'}|${e.site ?? ''}`;
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  const out: AlertMessage[] = [];
  for (const [g, members] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const oldest = Math.min(...members.map((e) => e.queuedAt ?? now));
    if (now - oldest < settings.groupWaitMs) continue;
    members.sort((a, b) =>
      entryKey(a.rule, a.device_id, a.subject) < entryKey(b.rule, b.device_id, b.subject) ? -1 : 1,
    );
    const status = g.split('|')[1] === 'firing' ? 'firing' : 'resolved';
    out.push(buildMessage(members, status, now, settings.groupListMax));
    for (const e of members) {
      e.notified = status === 'firing' ? 'firing' : 'ok';
      e.lastSentMs = now;
      e.queuedAt = null;
    }
  }
  return out;
}
