import type { Severity } from './types.js';

/** Where one (rule, device, subject) stands. Plain JSON: the hub persists `AlertState` as is. */
export interface EntryState {
  rule: string;
  device_id: string;
  subject: string | null;
  /** The condition now: not seen, held shorter than the minimum duration, or firing. */
  phase: 'ok' | 'pending' | 'firing';
  /** When `phase` began (ms). */
  since: number;
  /** When the alert last fired (ms), kept after it clears for the resolved message. */
  firedAt: number | null;
  /** The state operators were last told about. */
  notified: 'ok' | 'firing';
  lastSentMs: number | null;
  /** Waiting in a group since (ms); null when not queued. */
  queuedAt: number | null;
  summary: string;
  severity: Severity;
  name: string | null;
  site: string | null;
}

/** Silence messages of a rule, of a device, or of one rule on one device, until `until`. */
export interface Silence {
  id: string;
  rule?: string;
  device_id?: string;
  until: number;
  reason?: string;
}

export interface AlertState {
  v: 1;
  entries: Record<string, EntryState>;
  silences: Silence[];
}

export const emptyState = (): AlertState => ({ v: 1, entries: {}, silences: [] });

export const entryKey = (rule: string, deviceId: string, subject: string | null | undefined) =>
  `${rule}|${deviceId}|${subject ?? ''}`;

/** Adds (or replaces, by id) a silence; needs a rule, a device or both. */
export function addSilence(state: AlertState, silence: Silence): AlertState {
  if (!silence.rule && !silence.device_id) throw new RangeError('a silence needs a rule or a device_id');
  return { ...state, silences: [...state.silences.filter((s) => s.id !== silence.id), silence] };
}

export function removeSilence(state: AlertState, id: string): AlertState {
  return { ...state, silences: state.silences.filter((s) => s.id !== id) };
}

export function silencedBy(silences: readonly Silence[], e: EntryState, now: number): Silence | undefined {
  return silences.find(
    (s) =>
      s.until > now &&
      (s.rule === undefined || s.rule === e.rule) &&
      (s.device_id === undefined || s.device_id === e.device_id),
  );
}

/** A state read back from storage: anything unreadable starts over rather than crash the hub. */
export function loadState(value: unknown): AlertState {
  const v = value as Partial<AlertState> | null;
  if (v?.v !== 1 || typeof v.entries !== 'object' || v.entries === null || !Array.isArray(v.silences))
    return emptyState();
  return { v: 1, entries: { ...v.entries }, silences: [...v.silences] };
}
