import type { HeliumWorkload } from '@nodetally/shared';
import { reuseFor, runCli } from '../cli.js';
import { httpJson } from '../http.js';
import type { NetworkReader, ReadOutcome } from '../types.js';
import { parseGatewayKeyInfo } from './gateway.js';
import { type HeliumFields, parseBobcatMiner, parseBobcatStatus, parseNebraDiag } from './hotspot.js';
import { readPktfwdLog } from './pktfwd.js';

export interface HeliumOptions {
  hotspotUrl: string;
  gatewayCommand: string;
  pktfwdLog: string;
  timeoutMs: number;
  /** How long one `helium_gateway key info` result is reused. */
  gatewayReuseMs?: number;
}

/**
 * Merges what the device offers: a Bobcat or Nebra diagnostics page, gateway-rs through its CLI, and
 * the packet forwarder's stat lines. The hotspot URL is shared by several vendors' pages, so a body
 * that is not recognisably a hotspot's counts as absent rather than as an error.
 */
export function createHeliumReader(options: HeliumOptions): NetworkReader {
  const get = async (path: string) => {
    const result = await httpJson(new URL(path, options.hotspotUrl).href, { timeoutMs: options.timeoutMs });
    return result.kind === 'ok' ? result.json : null;
  };
  const gateway = reuseFor(options.gatewayReuseMs ?? 300_000, async () => {
    const result = await runCli(options.gatewayCommand, ['key', 'info'], options.timeoutMs);
    return result.kind === 'ok' ? parseGatewayKeyInfo(result.stdout) : null;
  });

  return {
    network: 'helium',
    async read(): Promise<ReadOutcome> {
      const [bobcatStatus, bobcatMiner, nebra, gatewayInfo, pktfwd] = await Promise.all([
        get('/status.json').then(parseBobcatStatus),
        get('/miner.json').then(parseBobcatMiner),
        get('/json').then(parseNebraDiag),
        gateway(),
        options.pktfwdLog ? readPktfwdLog(options.pktfwdLog) : Promise.resolve(null),
      ]);
      const { miner_running: minerRunning, ...minerFields } = bobcatMiner ?? { miner_running: null };
      const parts: HeliumFields[] = [
        pktfwd ?? {},
        gatewayInfo ?? {},
        nebra ?? {},
        minerFields,
        bobcatStatus ?? {},
      ];
      const answered = bobcatStatus || bobcatMiner || nebra || gatewayInfo;
      // Forwarder stats alone prove nothing is running now (the log may be old); they only add detail.
      if (!answered) return { state: 'absent' };
      const workload: HeliumWorkload = {
        network: 'helium',
        // A Bobcat reports its miner container's state; elsewhere an answering service is running.
        running: minerRunning ?? Boolean(answered),
        source: bobcatStatus || bobcatMiner || nebra ? 'api' : 'cli',
        ...Object.assign({}, ...parts),
      };
      return { state: 'found', workload };
    },
  };
}
