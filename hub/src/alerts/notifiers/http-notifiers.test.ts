import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { firing } from '../testing/message.js';
import { discordNotifier } from './discord/index.js';
import { deliver, sendTest } from './index.js';
import { ntfyNotifier } from './ntfy/index.js';
import { alertJson } from './payload.js';
import { slackNotifier } from './slack/index.js';
import { telegramNotifier } from './telegram/index.js';
import { type CaptureServer, type Reply, recorded, startCapture } from './testing/capture-server.js';
import { webhookNotifier } from './webhook/index.js';

const data = (channel: string, file: string) =>
  recorded(new URL(`./${channel}/testdata/${file}`, import.meta.url));
const FIVE_HUNDRED: Reply = { status: 500, body: 'synthetic fault injected by the test' };
const NOW = () => 1_772_712_060_000;

let server: CaptureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Send options that record the waits instead of sleeping. */
function fast() {
  const waits: number[] = [];
  return {
    waits,
    options: { http: { sleep: async (ms: number) => void waits.push(ms), timeoutMs: 2000 }, now: NOW },
  };
}

describe('webhook', () => {
  it('POSTs the alert JSON with an HMAC-SHA256 signature of the exact body', async () => {
    server = await startCapture([data('webhook', 'receiver-204.json')]);
    const secret = 'whsec-0123456789abcdef';
    const r = await webhookNotifier({
      type: 'webhook',
      url: `${server.baseUrl}/hooks/nodetally`,
      secret,
    }).send(firing, fast().options);
    expect(r).toMatchObject({
      ok: true,
      status: 204,
      attempts: 1,
      channel: 'webhook',
      message_id: firing.id,
    });
    const req = server.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/hooks/nodetally');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['x-nodetally-event']).toBe('alert');
    expect(req?.headers['x-nodetally-delivery']).toBe(firing.id);
    const expected = `sha256=${createHmac('sha256', secret)
      .update(req?.raw ?? '')
      .digest('hex')}`;
    expect(req?.headers['x-nodetally-signature-256']).toBe(expected);
    expect(JSON.parse(req?.raw ?? '')).toEqual(
      JSON.parse(readFileSync(new URL('./webhook/testdata/alert-firing.json', import.meta.url), 'utf8')),
    );
  });

  it('"send test" delivers a test message and returns its delivery result', async () => {
    server = await startCapture([{ status: 200, body: '' }]);
    const r = await sendTest({ type: 'webhook', url: server.baseUrl }, fast().options);
    expect(r).toMatchObject({ ok: true, status: 200 });
    expect(JSON.parse(server.requests[0]?.raw ?? '')).toMatchObject({
      rule: 'test',
      title: '[TEST] nodetally notification test',
    });
  });
});

describe('telegram', () => {
  const token = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const make = (baseUrl: string) =>
    telegramNotifier({ type: 'telegram', baseUrl, botToken: token, chatId: -1001234567890 });

  it('calls sendMessage with the documented JSON body and reads message_id', async () => {
    server = await startCapture([data('telegram', 'sendMessage-ok.json')]);
    const r = await make(server.baseUrl).send(firing, fast().options);
    expect(r).toMatchObject({ ok: true, status: 200, remote_id: '9', attempts: 1 });
    const req = server.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/bot${token}/sendMessage`);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.raw ?? '')).toEqual({
      chat_id: -1001234567890,
      text: `${firing.title}\n\n${firing.text}`,
      link_preview_options: { is_disabled: true },
    });
  });

  it('waits the retry_after of a 429 body (no header), then delivers', async () => {
    server = await startCapture([
      data('telegram', 'sendMessage-429.json'),
      data('telegram', 'sendMessage-ok.json'),
    ]);
    const { waits, options } = fast();
    const r = await make(server.baseUrl).send(firing, options);
    expect(r).toMatchObject({ ok: true, attempts: 2, remote_id: '9' });
    expect(waits).toEqual([2000]);
  });

  it('reports "chat not found" without retrying, and never shows the token', async () => {
    server = await startCapture([data('telegram', 'sendMessage-400-chat-not-found.json')]);
    const r = await make(server.baseUrl).send(firing, fast().options);
    expect(r).toMatchObject({ ok: false, status: 400, attempts: 1, error: { code: 'NT_ERR_HTTP_STATUS' } });
    expect(r.error?.message).toContain('Bad Request: chat not found');
    expect(r.error?.message).not.toContain(token);
    expect(JSON.stringify(r)).not.toContain(token);
  });
});

describe('discord', () => {
  const path = '/api/webhooks/1234567890/abcDEF-secret-token_xyz';

  it('executes the webhook with content and no mentions; 204 is delivered', async () => {
    server = await startCapture([data('discord', 'execute-204.json')]);
    const r = await discordNotifier({ type: 'discord', webhookUrl: `${server.baseUrl}${path}` }).send(
      firing,
      fast().options,
    );
    expect(r).toMatchObject({ ok: true, status: 204, attempts: 1 });
    expect(server.requests[0]?.path).toBe(path);
    expect(JSON.parse(server.requests[0]?.raw ?? '')).toEqual({
      content: `**${firing.title}**\n${firing.text}`,
      allowed_mentions: { parse: [] },
    });
  });

  it('honours the documented 429 Retry-After, then delivers', async () => {
    server = await startCapture([
      data('discord', 'rate-limited-429.json'),
      data('discord', 'execute-204.json'),
    ]);
    const { waits, options } = fast();
    const r = await discordNotifier({ type: 'discord', webhookUrl: `${server.baseUrl}${path}` }).send(
      firing,
      options,
    );
    expect(r).toMatchObject({ ok: true, attempts: 2, status: 204 });
    expect(waits).toEqual([65_000]);
  });

  it('retries a 500 and masks the webhook token in a final failure', async () => {
    server = await startCapture([FIVE_HUNDRED, data('discord', 'execute-204.json')]);
    const ok = await discordNotifier({ type: 'discord', webhookUrl: `${server.baseUrl}${path}` }).send(
      firing,
      fast().options,
    );
    expect(ok).toMatchObject({ ok: true, attempts: 2 });
    await server.close();
    server = await startCapture([FIVE_HUNDRED]);
    const failed = await discordNotifier({ type: 'discord', webhookUrl: `${server.baseUrl}${path}` }).send(
      firing,
      fast().options,
    );
    expect(failed).toMatchObject({ ok: false, attempts: 4, status: 500 });
    expect(failed.error?.message).not.toContain('abcDEF-secret-token_xyz');
  });
});

describe('slack', () => {
  const path = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

  it('posts {text} and accepts the plain-text "ok"', async () => {
    server = await startCapture([data('slack', 'ok.json')]);
    const r = await slackNotifier({ type: 'slack', webhookUrl: `${server.baseUrl}${path}` }).send(
      firing,
      fast().options,
    );
    expect(r).toMatchObject({ ok: true, status: 200, attempts: 1 });
    expect(server.requests[0]?.path).toBe(path);
    expect(JSON.parse(server.requests[0]?.raw ?? '')).toEqual({ text: `*${firing.title}*\n${firing.text}` });
  });

  it('reports invalid_payload at once, and retries a 500 into success', async () => {
    server = await startCapture([data('slack', 'invalid-payload-400.json')]);
    const bad = await slackNotifier({ type: 'slack', webhookUrl: `${server.baseUrl}${path}` }).send(
      firing,
      fast().options,
    );
    expect(bad).toMatchObject({ ok: false, status: 400, attempts: 1 });
    expect(bad.error?.message).toContain('invalid_payload');
    expect(bad.error?.message).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXX');
    await server.close();
    server = await startCapture([FIVE_HUNDRED, data('slack', 'ok.json')]);
    const ok = await slackNotifier({ type: 'slack', webhookUrl: `${server.baseUrl}${path}` }).send(
      firing,
      fast().options,
    );
    expect(ok).toMatchObject({ ok: true, attempts: 2 });
  });

  it('escapes &, < and > as Slack mrkdwn requires', async () => {
    server = await startCapture([data('slack', 'no-text-400.json')]);
    const m = { ...firing, title: 'a <b> & c', text: '' };
    const r = await slackNotifier({ type: 'slack', webhookUrl: `${server.baseUrl}${path}` }).send(
      m,
      fast().options,
    );
    expect(JSON.parse(server.requests[0]?.raw ?? '').text).toBe('*a &lt;b&gt; &amp; c*\n');
    expect(r).toMatchObject({ ok: false, status: 400 });
  });
});

describe('ntfy', () => {
  it('publishes as JSON to the root URL with a Bearer token and reads the message id', async () => {
    server = await startCapture([FIVE_HUNDRED, data('ntfy', 'publish-ok.json')]);
    const token = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2';
    const r = await ntfyNotifier({
      type: 'ntfy',
      baseUrl: server.baseUrl,
      topic: 'nodetally-alerts',
      token,
    }).send(firing, fast().options);
    expect(r).toMatchObject({ ok: true, status: 200, attempts: 2, remote_id: 'RXIQBFaieLVr' });
    const req = server.requests[1];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/');
    expect(req?.headers.authorization).toBe(`Bearer ${token}`);
    expect(JSON.parse(req?.raw ?? '')).toEqual({
      topic: 'nodetally-alerts',
      title: firing.title,
      message: firing.text,
      priority: 4,
      tags: ['warning'],
    });
  });
});

describe('deliver', () => {
  it('sends each message to every channel and returns one result each, never throwing', async () => {
    server = await startCapture([{ status: 204 }]);
    const dead = webhookNotifier({ type: 'webhook', url: 'http://127.0.0.1:9/unreachable' });
    const results = await deliver(
      [webhookNotifier({ type: 'webhook', id: 'ops', url: server.baseUrl }), dead],
      [firing, { ...firing, id: 'second' }],
      { http: { retries: 0, timeoutMs: 1000 }, now: NOW },
    );
    expect(results.map((r) => [r.channel, r.message_id, r.ok])).toEqual([
      ['ops', firing.id, true],
      ['ops', 'second', true],
      ['webhook', firing.id, false],
      ['webhook', 'second', false],
    ]);
    expect(results[2]?.error?.code).toBe('NT_ERR_HTTP_NETWORK');
  });
});

it('the webhook golden payload is alertJson of the fixture message', () => {
  expect(alertJson(firing)).toEqual(
    JSON.parse(readFileSync(new URL('./webhook/testdata/alert-firing.json', import.meta.url), 'utf8')),
  );
});
