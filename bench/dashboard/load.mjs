// Runs in a worker thread (its own event loop, so the client does not queue behind the server):
// sends `requests` GETs to each URL, `concurrency` at a time over keep-alive, and posts the
// latencies (ms) and response sizes back.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { baseUrl, token, targets, requests, concurrency, warmup } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function get(path) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      `${baseUrl}${path}`,
      { agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk) => {
          bytes += chunk.length;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${path}: HTTP ${res.statusCode}`));
          else resolve({ ms: performance.now() - t0, bytes });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function run(path, count) {
  const latencies = [];
  let bytes = 0;
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      const r = await get(typeof path === 'string' ? path : path[next % path.length]);
      latencies.push(r.ms);
      bytes = r.bytes;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { latencies, bytes, wall_ms: performance.now() - t0 };
}

const results = {};
for (const target of targets) {
  await run(target.path, warmup);
  results[target.name] = await run(target.path, requests);
}
agent.destroy();
parentPort.postMessage(results);
