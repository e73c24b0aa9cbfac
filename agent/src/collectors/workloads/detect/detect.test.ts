import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeProc } from '../testing/fake-proc.js';
import { type ReplayServer, startReplayServer, testdata } from '../testing/replay-server.js';
import { listContainers, parseContainerList } from './docker.js';
import { detectNetwork } from './index.js';
import { listProcesses } from './procs.js';

const here = new URL('./', import.meta.url);
const sample = () => testdata(here, 'docker-containers-json-v1.24.json');

describe('docker /containers/json', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => server?.close());

  it('docker-containers-json-v1.24.json over a unix socket', async () => {
    const socketPath = join(mkdtempSync(join(tmpdir(), 'nt-docker-')), 'docker.sock');
    server = await startReplayServer({ 'GET /containers/json': { body: sample() } }, { socketPath });
    const list = await listContainers(socketPath, 2000);
    expect(list).toEqual([
      { names: ['boring_feynman'], image: 'ubuntu:latest', state: 'exited' },
      { names: ['coolName'], image: 'ubuntu:latest', state: 'exited' },
      { names: ['sleepy_dog'], image: 'ubuntu:latest', state: 'exited' },
      { names: ['running_cat'], image: 'ubuntu:latest', state: 'exited' },
    ]);
    expect(detectNetwork('io-net', { containers: list, processes: [] })).toBeNull();
  });

  it('a missing socket is null; a broken answer is null', async () => {
    expect(await listContainers('/nonexistent/docker.sock', 500)).toBeNull();
    expect(parseContainerList({ message: 'page not found' })).toBeNull();
  });
});

describe('workload detection', () => {
  // The documented sample with its images swapped for workload ones (changed here, not in testdata).
  const containers = (parseContainerList(JSON.parse(sample().toString('utf8'))) ?? []).map((c, i) => ({
    ...c,
    image: [
      'ionetcontainers/io-worker-vc:latest',
      'mrcolorrain/grass:latest',
      'nosana/nosana-cli:latest',
      'ubuntu',
    ][i] as string,
    state: i === 2 ? 'exited' : 'running',
  }));

  it.each([
    ['io-net', { source: 'container', matched: 'ionetcontainers/io-worker-vc:latest' }],
    ['grass', { source: 'container', matched: 'mrcolorrain/grass:latest' }],
    ['nosana', null], // its container exited
    ['render', null],
  ] as const)('%s in containers', (network, expected) => {
    expect(detectNetwork(network, { containers, processes: null })).toEqual(expected);
  });

  it('falls back to /proc comm and cmdline', async () => {
    const root = fakeProc({
      1: ['systemd', ['/sbin/init']],
      812: ['fluxd', ['/usr/local/bin/fluxd', '-daemon']],
      900: ['node', ['node', '/usr/lib/node_modules/@nosana/cli/dist/index.js', 'node', 'start']],
      901: ['lotus-miner', ['lotus-miner', 'run']],
    });
    const processes = await listProcesses(root);
    expect(processes?.map((p) => p.pid).sort((a, b) => a - b)).toEqual([1, 812, 900, 901]);
    const running = { containers: null, processes };
    expect(detectNetwork('flux', running)).toEqual({ source: 'process', matched: 'fluxd' });
    expect(detectNetwork('nosana', running)).toEqual({ source: 'process', matched: 'node' });
    expect(detectNetwork('filecoin', running)).toEqual({ source: 'process', matched: 'lotus-miner' });
    expect(detectNetwork('grass', running)).toBeNull();
    expect(await listProcesses('/nonexistent/proc')).toBeNull();
  });
});
