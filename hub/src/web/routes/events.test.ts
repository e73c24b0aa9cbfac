import { mkdtempSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../app.js';
import { IngestCounters } from '../../ingest/counters.js';
import { Ingest } from '../../ingest/ingest.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/types.js';
import { HubEvents } from '../events.js';
import { rigSample } from '../fleet/testing/fixtures.js';
import { testAuthHeaders } from '../testing/auth.js';
import { registerEventRoutes } from './events.js';

const silent = pino({ level: 'silent' });

/** Opens the stream over real HTTP; `next(text)` resolves once the received text contains `text`. */
function openStream(baseUrl: string, headers: Record<string, string>) {
  let received = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  return new Promise<{ response: IncomingMessage; next(text: string): Promise<string>; close(): void }>(
    (resolve, reject) => {
      const req = request(`${baseUrl}/api/v1/events`, { headers }, (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          received += chunk;
          for (const w of waiters.filter((x) => received.includes(x.text))) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        });
        resolve({
          response,
          next: (text) =>
            new Promise((done) => {
              if (received.includes(text)) done(received);
              else waiters.push({ text, resolve: () => done(received) });
            }),
          close: () => req.destroy(),
        });
      });
      req.on('error', reject);
      req.end();
    },
  );
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('GET /api/v1/events (Server-Sent Events over a real listener)', () => {
  let store: Store;
  let events: HubEvents;
  let app: FastifyInstance;
  let baseUrl: string;

  beforeEach(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nt-events-')), 'hub.db'));
    events = new HubEvents();
    app = build({ store, counters: new IngestCounters(), events });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('streams the device events of what the ingest stores, then drops its listeners when the client goes', async () => {
    const ingest = new Ingest({ store, log: silent, sendAck: () => {}, ...events.ingestHooks(silent) });
    const baseline = events.listenerCount('device');
    const stream = await openStream(baseUrl, await testAuthHeaders(store));
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(events.listenerCount('device')).toBe(baseline + 1);

    const sample = rigSample('rig-01', 1, Date.now());
    ingest.receive('nodetally/v1/rig-01/samples', Buffer.from(JSON.stringify(sample)));
    await ingest.flush();
    const text = await stream.next('event: device\n');
    const data = /event: device\ndata: (.*)\n\n/.exec(await stream.next('}\n\n'))?.[1];
    expect(JSON.parse(data as string)).toMatchObject({
      device_id: 'rig-01',
      status: 'online',
      latest: { cpu_pct: 41.5, gpu_util_pct: 71, power_w: 612.5, networks: ['io-net', 'render'] },
    });
    expect(text.startsWith(': connected\n\n')).toBe(true);

    ingest.receive(
      'nodetally/v1/rig-01/status',
      Buffer.from(JSON.stringify({ v: 1, state: 'offline', ts: Date.now() })),
    );
    await stream.next('"status":"offline"');
    events.emit('earnings', { computed_ms: 42 });
    await stream.next('event: earnings\ndata: {"computed_ms":42}\n\n');

    stream.close();
    await until(() => events.listenerCount('device') === baseline && events.listenerCount('earnings') === 0);
    await ingest.close();
  });

  it('refuses a client without credentials', async () => {
    const stream = await openStream(baseUrl, {});
    expect(stream.response.statusCode).toBe(401);
    stream.close();
  });

  it('sends a heartbeat comment, and app.close() ends open streams', async () => {
    const bare = Fastify();
    const own = new HubEvents();
    registerEventRoutes(bare, own, 30);
    const url = await bare.listen({ host: '127.0.0.1', port: 0 });
    const stream = await openStream(url, {});
    await stream.next(': heartbeat\n\n');
    const ended = new Promise((resolve) => stream.response.on('end', resolve));
    await bare.close();
    await ended;
    expect(own.listenerCount('device')).toBe(0);
  });
});
