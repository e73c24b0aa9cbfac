import type { AlertMessage } from '../message.js';

/** The JSON of an alert message as the webhook channel sends it (version 1). */
export function alertJson(m: AlertMessage) {
  return {
    version: 1,
    id: m.id,
    status: m.status,
    rule: m.rule,
    severity: m.severity,
    site: m.site,
    ts: m.ts,
    title: m.title,
    text: m.text,
    alerts: m.alerts,
  };
}

/** The message that "send test" delivers: a real message shape, marked as a test. */
export function testMessage(now: number): AlertMessage {
  return {
    id: `test:${now}`,
    rule: 'test',
    status: 'firing',
    severity: 'info',
    site: null,
    ts: now,
    alerts: [
      { device_id: 'test', name: null, subject: null, summary: 'test message from nodetally', fired_at: now },
    ],
    title: '[TEST] nodetally notification test',
    text: 'This is a test message from nodetally: this channel is set up right.',
  };
}
