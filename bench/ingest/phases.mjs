// One measured phase per broker set-up: the embedded hub (aedes + SQLite), the raw Mosquitto relay, and
// the scale-out (Mosquitto + hub workers on a shared subscription + PostgreSQL).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clockTicks, freePort } from '../agent-footprint/proc.mjs';
import { runPhase } from './load.mjs';
import { startMosquitto } from './mosquitto.mjs';
import { startPostgres } from './postgres.mjs';
import { mb, rss, startHubProcess, watch } from './procs.mjs';

const ticks = clockTicks();
/** CPU ms of a process and its direct children (PostgreSQL's backends), from /proc. */
function treeCpuMs(pid) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) !== pid && Number(rest[1]) !== pid) continue;
      total += Number(rest[11]) + Number(rest[12]);
    } catch {}
  }
  return (total * 1000) / ticks;
}

const settle = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a load phase against `pid`, with RSS before and after connecting (after a full GC in a hub, so
 * the per-connection figure is live memory, not garbage), peak RSS and CPU in the window.
 */
async function measure(pid, phase, gc = async () => {}) {
  await gc();
  const idle = rss(pid);
  let connected = null;
  const w = watch(pid);
  const result = await runPhase({
    ...phase,
    hooks: {
      connected: async () => {
        await settle(1000);
        await gc();
        connected = rss(pid);
      },
      measureStart: w.measureStart,
      measureEnd: w.measureEnd,
    },
  });
  const usage = w.stop();
  return {
    ...result,
    rss_idle_mb: mb(idle),
    rss_connected_mb: mb(connected),
    rss_per_connection_kb: Math.round((connected - idle) / phase.devices / 102.4) / 10,
    ...usage,
    cpu_us_per_sample:
      usage.cpu_s_in_window && result.confirmed_in_window
        ? Math.round((usage.cpu_s_in_window * 1e6) / result.confirmed_in_window)
        : null,
  };
}

async function storedCount(dataDir) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dataDir, 'nodetally.db'), { readonly: true });
  const n = db.prepare('SELECT count(*) AS n FROM samples').get().n;
  const pragmas = {
    journal_mode: db.pragma('journal_mode', { simple: true }),
  };
  db.close();
  return { stored_rows: n, ...pragmas };
}

/** The embedded hub: one process, aedes + SQLite (WAL, synchronous=FULL). */
export async function benchHub(phase, scratch) {
  const dataDir = join(scratch, `hub-${phase.idPrefix}`);
  const hub = startHubProcess({ dataDir });
  const { mqttUrl } = await hub.ready;
  try {
    const result = await measure(hub.child.pid, { ...phase, url: mqttUrl, mode: 'hub' }, hub.gc);
    return { ...result, ingest_counters: await hub.counters() };
  } finally {
    await hub.stop();
  }
}

export async function benchHubStored(phase, scratch) {
  const result = await benchHub(phase, scratch);
  return { ...result, ...(await storedCount(join(scratch, `hub-${phase.idPrefix}`))) };
}

/** The raw relay: Mosquitto and one QoS 1 subscriber; nothing stored. */
export async function benchMosquitto(phase, scratch) {
  const port = await freePort();
  const broker = await startMosquitto(scratch, port);
  try {
    return await measure(broker.pid, { ...phase, url: `mqtt://127.0.0.1:${port}`, mode: 'relay' });
  } finally {
    await broker.stop();
  }
}

/**
 * Scale-out: Mosquitto carries the devices; `workers` hub processes take the samples through the
 * shared subscription $share/nodetally-hub/… and write to one PostgreSQL; acks go back through
 * Mosquitto. Reports the total, each worker's share of the stored samples, CPU and RSS.
 */
export async function benchScaleOut(phase, workers, scratch) {
  const pg = await startPostgres();
  const port = await freePort();
  const broker = await startMosquitto(scratch, port);
  const brokerUrl = `mqtt://127.0.0.1:${port}`;
  const hubs = [];
  try {
    for (let i = 0; i < workers; i++) {
      const hub = startHubProcess({
        dataDir: join(scratch, `worker-${i}`),
        databaseUrl: pg.url,
        brokerUrl,
        brokerClientId: `bench-worker-${i}`,
      });
      hubs.push(hub);
      await hub.ready;
    }
    const watches = hubs.map((hub) => watch(hub.child.pid));
    const pgWatch = watch(pg.pid);
    let pgStartMs = 0;
    let pgCpuS = null;
    const result = await runPhase({
      ...phase,
      url: brokerUrl,
      mode: 'hub',
      hooks: {
        measureStart: () => {
          for (const w of [...watches, pgWatch]) w.measureStart();
          pgStartMs = treeCpuMs(pg.pid);
        },
        measureEnd: () => {
          for (const w of [...watches, pgWatch]) w.measureEnd();
          pgCpuS = (treeCpuMs(pg.pid) - pgStartMs) / 1000;
        },
      },
    });
    const perWorker = [];
    for (const [i, hub] of hubs.entries()) {
      const counters = await hub.counters();
      perWorker.push({
        worker: i,
        stored_total: counters.stored_total,
        share_of_stored: null,
        rss_mb: mb(rss(hub.child.pid)),
        ...watches[i].stop(),
      });
    }
    const storedAll = perWorker.reduce((sum, w) => sum + w.stored_total, 0);
    for (const w of perWorker) {
      w.share_of_stored = Math.round((w.stored_total / storedAll) * 1000) / 1000;
      w.samples_per_s = Math.round(result.samples_per_s * w.share_of_stored);
    }
    return {
      ...result,
      devices: phase.devices,
      workers,
      per_worker: perWorker,
      postgres: {
        version: pg.version,
        ...pgWatch.stop(),
        // The server and its backends (the postmaster's own CPU leaves the backends out).
        cpu_s_in_window: pgCpuS,
        cpu_us_per_sample:
          pgCpuS && result.confirmed_in_window
            ? Math.round((pgCpuS * 1e6) / result.confirmed_in_window)
            : null,
        rows: await pg.count('SELECT count(*) AS n FROM samples'),
      },
    };
  } finally {
    for (const hub of hubs) await hub.stop();
    await broker.stop();
    pg.stop();
  }
}
