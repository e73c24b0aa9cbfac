import { describe, expect, it } from 'vitest';
import { type EngineSettings, type Observation, step } from './engine.js';
import { type AlertState, addSilence, emptyState } from './state.js';
import { MIN, T0 } from './testing/fixtures.js';

const settings = (over: Partial<EngineSettings> = {}): EngineSettings => ({
  groupWaitMs: 0,
  groupListMax: 25,
  quietHours: null,
  rules: {
    offline: { minDurationMs: 5 * MIN, cooldownMs: 30 * MIN, type: 'state' },
    reboot: { minDurationMs: 0, cooldownMs: 60 * MIN, type: 'event' },
  },
  ...over,
});

const obs = (
  device_id: string,
  active: boolean,
  rule = 'offline',
  site: string | null = null,
): Observation => ({
  rule,
  device_id,
  name: null,
  site,
  verdict: active ? [{ rule, device_id, severity: 'critical', summary: `${device_id} is down` }] : [],
});

/** Runs the engine once a minute from `from` for `minutes`, `active(t)` saying whether rig-1 is down. */
function run(
  active: (t: number) => boolean,
  minutes: number,
  s = settings(),
  start: AlertState = emptyState(),
) {
  let state = start;
  const messages: Array<{ t: number; title: string; status: string }> = [];
  for (let i = 0; i <= minutes; i++) {
    const t = T0 + i * MIN;
    const r = step(state, [obs('rig-1', active(t))], s, t);
    state = r.state;
    for (const m of r.messages) messages.push({ t: (t - T0) / MIN, title: m.title, status: m.status });
  }
  return { state, messages };
}

describe('alert engine transitions', () => {
  it('fires only after the minimum duration, once, and resolves once', () => {
    const { messages } = run((t) => t >= T0 + 10 * MIN && t < T0 + 60 * MIN, 120);
    expect(messages).toEqual([
      { t: 15, title: '[FIRING] rig-1: offline', status: 'firing' },
      { t: 60, title: '[RESOLVED] rig-1: offline', status: 'resolved' },
    ]);
  });

  it('says nothing about a condition shorter than the minimum duration', () => {
    const { messages, state } = run((t) => t >= T0 + 10 * MIN && t < T0 + 14 * MIN, 60);
    expect(messages).toEqual([]);
    expect(state.entries).toEqual({});
  });

  it('flapping within the cool-down produces no extra messages', () => {
    // Down 0–20, up 20–22, down 22–25, up 25–27, down 27–40, then up for good.
    const down = (t: number) => {
      const m = (t - T0) / MIN;
      return m < 20 || (m >= 22 && m < 25) || (m >= 27 && m < 40);
    };
    const { messages } = run(
      down,
      120,
      settings({ rules: { offline: { minDurationMs: 0, cooldownMs: 30 * MIN, type: 'state' } } }),
    );
    // Fired at 0; every flap lands inside the 30-min cool-down and reverts before it ends, so the
    // only other message is the resolution, sent when the cool-down allows (it ended at 30, the
    // device is up for good from 40).
    expect(messages).toEqual([
      { t: 0, title: '[FIRING] rig-1: offline', status: 'firing' },
      { t: 40, title: '[RESOLVED] rig-1: offline', status: 'resolved' },
    ]);
  });

  it('a resolution inside the cool-down is held until it ends, and dropped if it fires again first', () => {
    const s = settings({ rules: { offline: { minDurationMs: 0, cooldownMs: 30 * MIN, type: 'state' } } });
    const { messages } = run((t) => t < T0 + 5 * MIN, 60, s);
    expect(messages.map((m) => [m.t, m.status])).toEqual([
      [0, 'firing'],
      [30, 'resolved'],
    ]);
  });

  it('sends a resolved message only for state rules; an event clears silently', () => {
    let state = emptyState();
    const seen: string[] = [];
    for (let i = 0; i <= 90; i++) {
      const t = T0 + i * MIN;
      const r = step(state, [obs('rig-1', i >= 1 && i < 31, 'reboot')], settings(), t);
      state = r.state;
      seen.push(...r.messages.map((m) => `${i}:${m.status}`));
    }
    expect(seen).toEqual(['1:firing']);
  });

  it('keeps the state when a rule has no data (null verdict) instead of resolving', () => {
    const s = settings({ rules: { offline: { minDurationMs: 0, cooldownMs: 0, type: 'state' } } });
    let r = step(emptyState(), [obs('rig-1', true)], s, T0);
    expect(r.messages).toHaveLength(1);
    r = step(r.state, [{ ...obs('rig-1', false), verdict: null }], s, T0 + MIN);
    expect(r.messages).toEqual([]);
    expect(Object.values(r.state.entries)[0]?.phase).toBe('firing');
  });

  it('is deterministic and its state is plain JSON', () => {
    const a = run((t) => t >= T0 + 10 * MIN, 30);
    const b = run((t) => t >= T0 + 10 * MIN, 30);
    expect(a).toEqual(b);
    const resumed = run(() => true, 5, settings(), JSON.parse(JSON.stringify(a.state)));
    expect(resumed.messages).toEqual([]);
  });
});

describe('quiet hours', () => {
  // 22:00–07:00 in Berlin (UTC+1 in March): 21:00–06:00 UTC.
  const quiet = (mode: 'hold' | 'drop') =>
    settings({
      rules: { offline: { minDurationMs: 0, cooldownMs: 0, type: 'state' } },
      quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin', mode, except: [] },
    });
  const night = Date.UTC(2026, 2, 5, 23, 0); // 00:00 Berlin
  const at = (h: number, m = 0) => Date.UTC(2026, 2, 6, h, m);

  it('hold: a problem still there at the end of quiet hours is sent then; one that cleared is not', () => {
    let r = step(emptyState(), [obs('rig-1', true), obs('rig-2', true)], quiet('hold'), night);
    expect(r.messages).toEqual([]);
    r = step(r.state, [obs('rig-1', true), obs('rig-2', false)], quiet('hold'), at(3));
    expect(r.messages).toEqual([]);
    r = step(r.state, [obs('rig-1', true), obs('rig-2', false)], quiet('hold'), at(5, 59));
    expect(r.messages).toEqual([]);
    r = step(r.state, [obs('rig-1', true), obs('rig-2', false)], quiet('hold'), at(6, 0));
    expect(r.messages.map((m) => m.title)).toEqual(['[FIRING] rig-1: offline']);
  });

  it('drop: messages of quiet hours are never sent, and the later resolution still is', () => {
    let r = step(emptyState(), [obs('rig-1', true)], quiet('drop'), night);
    expect(r.messages).toEqual([]);
    expect(r.dropped).toEqual([{ key: 'offline|rig-1|', status: 'firing' }]);
    r = step(r.state, [obs('rig-1', true)], quiet('drop'), at(8));
    expect(r.messages).toEqual([]);
    r = step(r.state, [obs('rig-1', false)], quiet('drop'), at(9));
    expect(r.messages.map((m) => m.status)).toEqual(['resolved']);
  });

  it('lets configured severities through', () => {
    const s = quiet('hold');
    s.quietHours = { ...(s.quietHours as NonNullable<EngineSettings['quietHours']>), except: ['critical'] };
    expect(step(emptyState(), [obs('rig-1', true)], s, night).messages).toHaveLength(1);
  });
});

describe('silences', () => {
  const s = settings({ rules: { offline: { minDurationMs: 0, cooldownMs: 0, type: 'state' } } });

  it('silences a device until a time; what is still wrong then is sent', () => {
    const state = addSilence(emptyState(), { id: 's1', device_id: 'rig-1', until: T0 + 60 * MIN });
    let r = step(state, [obs('rig-1', true), obs('rig-2', true)], s, T0);
    expect(r.messages.map((m) => m.title)).toEqual(['[FIRING] rig-2: offline']);
    r = step(r.state, [obs('rig-1', true), obs('rig-2', true)], s, T0 + 30 * MIN);
    expect(r.messages).toEqual([]);
    r = step(r.state, [obs('rig-1', true), obs('rig-2', true)], s, T0 + 60 * MIN);
    expect(r.messages.map((m) => m.title)).toEqual(['[FIRING] rig-1: offline']);
    expect(r.state.silences).toEqual([]);
  });

  it('silences a rule for every device; a problem that cleared meanwhile is never sent', () => {
    const state = addSilence(emptyState(), { id: 's2', rule: 'offline', until: T0 + 60 * MIN });
    let r = step(state, [obs('rig-1', true)], s, T0);
    r = step(r.state, [obs('rig-1', false)], s, T0 + 10 * MIN);
    r = step(r.state, [obs('rig-1', false)], s, T0 + 61 * MIN);
    expect(r.messages).toEqual([]);
    expect(r.state.entries).toEqual({});
  });
});

describe('grouping', () => {
  it('twenty devices of one site going offline within the group window make one message', () => {
    const s = settings({
      groupWaitMs: 2 * MIN,
      rules: { offline: { minDurationMs: 0, cooldownMs: 60 * MIN, type: 'state' } },
    });
    const ids = Array.from({ length: 20 }, (_, i) => `roof-${String(i + 1).padStart(2, '0')}`);
    let state = emptyState();
    const messages = [];
    for (let i = 0; i <= 10; i++) {
      const t = T0 + i * 30_000;
      // Device k is seen down from 30 s × (k mod 3): they trip over a minute and a half.
      const r = step(
        state,
        ids.map((id, k) => obs(id, i >= k % 3, 'offline', 'roof')),
        s,
        t,
      );
      state = r.state;
      messages.push(...r.messages);
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]?.title).toBe('[FIRING] offline: 20 devices at roof');
    expect(messages[0]?.alerts.map((a) => a.device_id)).toEqual(ids);
    expect(messages[0]?.text.split('\n')).toHaveLength(20);
  });

  it('does not group different sites or rules', () => {
    const s = settings({
      rules: {
        offline: { minDurationMs: 0, cooldownMs: 0, type: 'state' },
        reboot: { minDurationMs: 0, cooldownMs: 0, type: 'event' },
      },
    });
    const r = step(
      emptyState(),
      [obs('a', true, 'offline', 'x'), obs('b', true, 'offline', 'y'), obs('c', true, 'reboot', 'x')],
      s,
      T0,
    );
    expect(r.messages.map((m) => m.title).sort()).toEqual([
      '[FIRING] a: offline',
      '[FIRING] b: offline',
      '[FIRING] c: reboot',
    ]);
  });
});
