// Simulated devices: N MQTT connections, each keeping up to `window` samples in flight (published and
// not yet confirmed end to end), publishing QoS 1. Confirmation is the hub's ack {up_to_seq} on
// nodetally/v1/<id>/ack, or, for the Mosquitto relay, the delivery of that message to a subscriber.
import { openConnection, publishPacket, topicField } from './mqtt-wire.mjs';

// A real agent's Sample (~600 bytes). Built from a template so the load generator spends its CPU on
// MQTT, not on JSON.stringify: the same bytes as serialising the object each time.
const template = JSON.stringify({
  v: 1,
  device_id: '@ID@',
  seq: '@SEQ@',
  ts: '@TS@',
  boot_id: '6a1ca4ee-bc67-4c7f-830a-263f239fc788',
  uptime_s: 1791.6,
  cpu_load_pct: 12.5,
  load_avg_1m: 0.79,
  load_avg_5m: 0.41,
  load_avg_15m: 0.2,
  mem_total_bytes: 25_274_793_984,
  mem_used_bytes: 446_849_024,
  mem_available_bytes: 24_827_944_960,
  swap_total_bytes: 0,
  swap_used_bytes: 0,
  cpu_temp_c: null,
  disks: [{ mount: '/', fs: 'ext4', size_bytes: 270_553_174_016, used_bytes: 24_166_113_280 }],
  net: [{ iface: 'eth0', rx_bytes_total: 376_622_621, tx_bytes_total: 552_344 }],
  outbox_floor_seq: '@FLOOR@',
});
const [t0, t1, t2, t3, t4] = template.split(/"@(?:ID|SEQ|TS|FLOOR)@"/);
const sampleOf = (deviceId, seq, floor) =>
  `${t0}"${deviceId}"${t1}${seq}${t2}${Date.now()}${t3}${floor}${t4}`;

// Nagle off on the simulated devices' sockets (BENCH_CLIENT_NODELAY=0 keeps Node's default, on).
const noDelay = process.env.BENCH_CLIENT_NODELAY !== '0';
function connect(url, clientId, subscribe) {
  const { hostname, port } = new URL(url);
  return openConnection({ host: hostname, port: Number(port || 1883), clientId, noDelay, subscribe });
}

/** The integer after `"<key>":` in a JSON payload, read without parsing the whole payload. */
function intField(buf, key) {
  let at = buf.indexOf(key);
  if (at < 0) return Number.NaN;
  at += key.length;
  let n = 0;
  for (let c = buf[at]; c >= 48 && c <= 57; c = buf[++at]) n = n * 10 + c - 48;
  return n;
}
const SEQ_KEY = Buffer.from('"seq":');
const UP_TO_KEY = Buffer.from('"up_to_seq":');

async function inBatches(items, size, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/** Latencies and counts of confirmations inside the measurement window [from, to). */
class Meter {
  confirmLatencies = [];
  pubackLatencies = [];
  confirmed = 0;
  from = Number.POSITIVE_INFINITY;
  to = Number.POSITIVE_INFINITY;
  inWindow = (t) => t >= this.from && t < this.to;
  confirm(publishedAt, now) {
    if (!this.inWindow(now)) return;
    this.confirmed++;
    this.confirmLatencies.push(now - publishedAt);
  }
  puback(publishedAt, now) {
    if (this.inWindow(now)) this.pubackLatencies.push(now - publishedAt);
  }
}

/**
 * Runs one phase: connects `devices` clients to `url`, lets them publish for warmup + duration seconds,
 * and returns what was confirmed inside the measured window. mode 'hub' waits for the hub's acks;
 * mode 'relay' has one subscriber on nodetally/v1/+/samples count deliveries. Closed loop (each device
 * keeps `window` samples in flight) unless `ratePerS` is set: then the devices together publish that
 * many samples per second, each on its own timer (open loop: latency at a given load).
 */
export async function runPhase({
  url,
  mode,
  devices,
  window,
  warmupS,
  durationS,
  idPrefix,
  ratePerS,
  hooks = {},
}) {
  const meter = new Meter();
  const ids = Array.from({ length: devices }, (_, i) => `${idPrefix}-${String(i).padStart(5, '0')}`);
  const state = new Map();
  let publishing = true;
  let relay;
  if (mode === 'relay') {
    relay = await connect(url, `${idPrefix}-relay-subscriber`, { filter: 'nodetally/v1/+/samples', qos: 1 });
    relay.onPublish = (topic, payload) => {
      const device = state.get(topic.split('/')[2]);
      const seq = intField(payload, SEQ_KEY);
      if (device) settle(device, seq, seq);
    };
  }

  function publishOne(device) {
    const seq = device.nextSeq++;
    const floor = device.pending.size > 0 ? device.pending.keys().next().value : seq;
    const publishedAt = performance.now();
    device.pending.set(seq, publishedAt);
    // Packet ids cycle through 1..65535; a device never has that many in flight.
    const packetId = (seq % 65535) + 1;
    device.unacked.set(packetId, publishedAt);
    device.conn.socket.write(publishPacket(device.topicField, packetId, sampleOf(device.id, seq, floor)));
  }
  function fill(device) {
    if (ratePerS || !publishing || device.pending.size >= window) return;
    device.conn.socket.cork();
    while (publishing && device.pending.size < window) publishOne(device);
    device.conn.socket.uncork();
  }
  /** Confirms every pending seq in [low, high] (the hub acks cumulatively; the relay one by one). */
  function settle(device, low, high) {
    const now = performance.now();
    for (const [seq, publishedAt] of device.pending) {
      if (seq > high) break;
      if (seq < low) continue;
      device.pending.delete(seq);
      meter.confirm(publishedAt, now);
    }
    fill(device);
  }

  const connectStart = performance.now();
  const clients = await inBatches(ids, 200, async (id) => {
    const subscribe = mode === 'hub' ? { filter: `nodetally/v1/${id}/ack`, qos: 1 } : undefined;
    const conn = await connect(url, id, subscribe);
    const device = {
      id,
      conn,
      topicField: topicField(`nodetally/v1/${id}/samples`),
      nextSeq: 1,
      pending: new Map(),
      unacked: new Map(),
    };
    state.set(id, device);
    conn.onPuback = (packetId) => {
      const publishedAt = device.unacked.get(packetId);
      if (publishedAt === undefined) return;
      device.unacked.delete(packetId);
      meter.puback(publishedAt, performance.now());
    };
    if (mode === 'hub') conn.onPublish = (_topic, payload) => settle(device, 1, intField(payload, UP_TO_KEY));
    return conn;
  });
  const connectS = (performance.now() - connectStart) / 1000;
  await hooks.connected?.();

  const cpuStart = process.cpuUsage();
  const start = performance.now();
  meter.from = start + warmupS * 1000;
  meter.to = meter.from + durationS * 1000;
  const timers = [];
  if (ratePerS) {
    const everyMs = (devices / ratePerS) * 1000;
    for (const device of state.values()) {
      const first = setTimeout(() => {
        timers.push(setInterval(() => publishing && publishOne(device), everyMs));
        publishOne(device);
      }, Math.random() * everyMs);
      timers.push(first);
    }
  }
  for (const device of state.values()) fill(device);
  const sleep = (s) => new Promise((resolve) => setTimeout(resolve, s * 1000));
  await sleep(warmupS);
  hooks.measureStart?.();
  await sleep(durationS);
  hooks.measureEnd?.();
  publishing = false;
  for (const timer of timers) clearInterval(timer);
  const cpu = process.cpuUsage(cpuStart);
  // Drain what is in flight so the next phase starts from a quiet machine.
  const drainUntil = performance.now() + 15_000;
  const inFlight = () => [...state.values()].reduce((sum, d) => sum + d.pending.size, 0);
  while (inFlight() > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
  const unconfirmed = inFlight();
  const published = [...state.values()].reduce((sum, d) => sum + d.nextSeq - 1, 0);
  for (const conn of clients) conn.socket.destroy();
  relay?.socket.destroy();
  return {
    connect_s: connectS,
    published,
    unconfirmed_after_drain: unconfirmed,
    confirmed_in_window: meter.confirmed,
    samples_per_s: meter.confirmed / durationS,
    confirm_latency_ms: percentiles(meter.confirmLatencies),
    puback_latency_ms: percentiles(meter.pubackLatencies),
    load_generator_cpu_s: (cpu.user + cpu.system) / 1e6,
  };
}

function percentiles(values) {
  if (values.length === 0) return { p50: null, p99: null, max: null, n: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2));
  return { p50: at(0.5), p99: at(0.99), max: Number(sorted[sorted.length - 1].toFixed(2)), n: sorted.length };
}
