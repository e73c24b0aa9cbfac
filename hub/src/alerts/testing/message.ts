import type { AlertMessage } from '../message.js';

/** A firing earnings-drop message as the engine builds it, for the notifier tests. */
export const firing: AlertMessage = {
  id: 'earnings-drop:firing::1772712000000',
  rule: 'earnings-drop',
  status: 'firing',
  severity: 'warning',
  site: null,
  ts: 1_772_712_000_000,
  alerts: [
    {
      device_id: 'rig-1',
      name: 'Garage 3080',
      subject: null,
      summary: '−40.0%: price −22.5%, uptime −17.5% (net $0.60/day on 2026-03-04 vs 28-day median $1.00/day)',
      fired_at: 1_772_712_000_000,
    },
  ],
  title: '[FIRING] Garage 3080 (rig-1): earnings drop',
  text: 'Garage 3080 (rig-1): −40.0%: price −22.5%, uptime −17.5% (net $0.60/day on 2026-03-04 vs 28-day median $1.00/day)',
};
