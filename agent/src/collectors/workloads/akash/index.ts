import { AkashWorkload } from '@nodetally/shared';
import { apiOutcome } from '../api.js';
import { httpJson } from '../http.js';
import type { NetworkReader } from '../types.js';
import { parseAkashStatus } from './parse.js';

export interface AkashOptions {
  providerUrl: string;
  timeoutMs: number;
}

export function createAkashReader(options: AkashOptions): NetworkReader {
  return {
    network: 'akash',
    async read() {
      const result = await httpJson(new URL('/status', options.providerUrl).href, {
        timeoutMs: options.timeoutMs,
        insecureTls: true,
      });
      return apiOutcome(AkashWorkload, 'akash', 'GET /status', result, parseAkashStatus);
    },
  };
}
