// The hub under test in its own process (so its RSS and CPU are its own): the built hub/dist with
// the embedded aedes broker and SQLite (WAL, synchronous=FULL), device auth off. Prints READY <json>.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { HubConfigSchema, startHub } = await import(join(root, 'hub/dist/index.js'));
const { loadConfig } = await import(join(root, 'shared/dist/index.js'));

const { config: defaults } = loadConfig(HubConfigSchema, { argv: [], env: {} });
const hub = await startHub(
  {
    ...defaults,
    auth: 'none',
    dataDir: process.argv[2],
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
process.stdout.write(`READY ${JSON.stringify({ mqttUrl: hub.mqttUrl, httpUrl: hub.httpUrl })}\n`);
process.once('SIGTERM', async () => {
  await hub.close();
  process.exit(0);
});
