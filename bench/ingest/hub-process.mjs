// The hub under test in its own process (so its RSS and CPU are its own): the built hub/dist. Argument:
// JSON {dataDir, brokerUrl?, databaseUrl?, brokerClientId?}; without brokerUrl/databaseUrl it is the
// embedded aedes broker and SQLite (WAL, synchronous=FULL), device auth off. Prints READY <json>.
// Reads commands on stdin: `gc` (full GC, then `GC`; needs --expose-gc) and `counters` (`COUNTERS <json>`).
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { HubConfigSchema, startHub } = await import(join(root, 'hub/dist/index.js'));
const { loadConfig } = await import(join(root, 'shared/dist/index.js'));

const options = JSON.parse(process.argv[2]);
const { config: defaults } = loadConfig(HubConfigSchema, { argv: [], env: {} });
const hub = await startHub(
  {
    ...defaults,
    ...options,
    auth: 'none',
    host: '127.0.0.1',
    httpPort: 0,
    mqttPort: 0,
    // Simulated devices send far faster than real ones (one sample per 15 s): lift the per-device limit.
    rateLimitPerS: 1_000_000,
    rateLimitBurst: 1_000_000,
    rewardsIntervalS: 0,
    logLevel: 'warn',
  },
  pino({ level: 'warn' }),
);
const say = (line) => process.stdout.write(`${line}\n`);
say(`READY ${JSON.stringify({ mqttUrl: hub.mqttUrl, httpUrl: hub.httpUrl })}`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'gc') {
    globalThis.gc?.();
    say('GC');
  } else if (line === 'counters') say(`COUNTERS ${JSON.stringify(hub.ingest.counters)}`);
});
process.once('SIGTERM', async () => {
  await hub.close();
  process.exit(0);
});
