import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deadUrl, type ReplayServer, startReplayServer, testdata } from '../testing/replay-server.js';
import { parseGatewayKeyInfo } from './gateway.js';
import { parseBobcatMiner, parseBobcatStatus, parseNebraDiag } from './hotspot.js';
import { createHeliumReader } from './index.js';
import { lastStatFromLog, parseSemtechStat } from './pktfwd.js';

const here = new URL('./', import.meta.url);
const json = (name: string) => JSON.parse(testdata(here, name).toString('utf8')) as unknown;

const SEMTECH_FIELDS = {
  pktfwd_stat_at: '2014-01-12 08:59:28 GMT',
  pktfwd_rx_packets: 2,
  pktfwd_rx_ok_packets: 2,
  pktfwd_rx_forwarded_packets: 2,
  pktfwd_ack_pct: 100,
  pktfwd_downlink_packets: 2,
  pktfwd_tx_packets: 2,
};

describe('helium parsers on real captures', () => {
  it.each([
    [
      'bobcat-status-synced.json',
      parseBobcatStatus,
      {
        hotspot_kind: 'bobcat',
        sync_status: 'Synced',
        miner_height: 1190364,
        blockchain_height: 1190364,
        sync_gap_blocks: 0,
      },
    ],
    [
      'bobcat-miner-synced.json',
      parseBobcatMiner,
      {
        hotspot_kind: 'bobcat',
        animal_name: 'fancy-awesome-bobcat',
        region: 'US915',
        firmware: '1.0.2.75',
        hotspot_temp_c: 36,
        miner_running: true,
      },
    ],
    [
      'nebra-hm-diag-json.json',
      parseNebraDiag,
      {
        hotspot_kind: 'nebra',
        animal_name: 'mythical-tin-mockingbird',
        region: 'IN865',
        firmware: '2022.05.10.0',
        miner_height: 1358794,
        blockchain_height: 1360022,
        sync_gap_blocks: 1228,
        sync_pct: 99.91,
        diagnostics_ok: true,
      },
    ],
    ['semtech-udp-stat-example.json', parseSemtechStat, SEMTECH_FIELDS],
  ] as const)('%s', (name, parse, expected) => {
    expect(parse(json(name))).toEqual(expected);
  });

  it('helium-gateway-key-info.json', () => {
    expect(parseGatewayKeyInfo(testdata(here, 'helium-gateway-key-info.json').toString('utf8'))).toEqual({
      hotspot_kind: 'gateway-rs',
      gateway_key: '13GAPer3q5D4X4xFDeSaDtqq1mYji4tCjbMcQN7fL3YVvvgXyer',
      animal_name: 'fantastic-white-copperhead',
    });
  });

  it('recognises no hotspot in some other JSON', () => {
    for (const parse of [parseBobcatStatus, parseBobcatMiner, parseNebraDiag, parseSemtechStat]) {
      expect(parse({ status: 'ok' })).toBeNull();
      expect(parse([1, 2])).toBeNull();
    }
    expect(parseGatewayKeyInfo('Error: connection refused')).toBeNull();
  });

  it('takes the last stat line of a forwarder log', () => {
    // lora_pkt_fwd prints `JSON up: <payload>` (Lora-net/packet_forwarder lora_pkt_fwd.c); the
    // payload here is the PROTOCOL.TXT example on one line, after an older stat and a cut line.
    const stat = JSON.stringify(json('semtech-udp-stat-example.json'));
    const log = [
      'JSON up: {"stat":{"time":"2014-01-12 08:58:58 GMT","rxnb":9}}',
      '##### END #####',
      `JSON up: ${stat}`,
      'JSON up: {"stat":{"time":"2014-01-12 09:',
      'JSON up: {"rxpk":[]}',
    ].join('\n');
    expect(lastStatFromLog(log)).toEqual(SEMTECH_FIELDS);
  });
});

describe('helium reader against a local Bobcat', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => server?.close());

  it('merges status.json, miner.json and the forwarder log', async () => {
    server = await startReplayServer({
      '/status.json': { body: testdata(here, 'bobcat-status-synced.json') },
      '/miner.json': { body: testdata(here, 'bobcat-miner-synced.json') },
    });
    const dir = mkdtempSync(join(tmpdir(), 'nt-pktfwd-'));
    const log = join(dir, 'pktfwd.log');
    writeFileSync(log, `INFO: x\nJSON up: ${JSON.stringify(json('semtech-udp-stat-example.json'))}\n`);
    const reader = createHeliumReader({
      hotspotUrl: server.url,
      gatewayCommand: join(dir, 'no-such-helium-gateway'),
      pktfwdLog: log,
      timeoutMs: 2000,
    });
    expect(await reader.read()).toEqual({
      state: 'found',
      workload: {
        network: 'helium',
        running: true,
        source: 'api',
        hotspot_kind: 'bobcat',
        sync_status: 'Synced',
        miner_height: 1190364,
        blockchain_height: 1190364,
        sync_gap_blocks: 0,
        animal_name: 'fancy-awesome-bobcat',
        region: 'US915',
        firmware: '1.0.2.75',
        hotspot_temp_c: 36,
        ...SEMTECH_FIELDS,
      },
    });
  });

  it('a web server that is not a hotspot, or none at all, is absent', async () => {
    server = await startReplayServer({
      '/json': { body: '{"hello":"world"}' },
      '/status.json': { status: 500, body: '' },
    });
    const options = { gatewayCommand: '/nonexistent/helium_gateway', pktfwdLog: '', timeoutMs: 2000 };
    expect(await createHeliumReader({ ...options, hotspotUrl: server.url }).read()).toEqual({
      state: 'absent',
    });
    expect(await createHeliumReader({ ...options, hotspotUrl: await deadUrl() }).read()).toEqual({
      state: 'absent',
    });
  });
});
