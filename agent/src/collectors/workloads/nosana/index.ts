import { NosanaWorkload } from '@nodetally/shared';
import { apiOutcome } from '../api.js';
import { httpJson } from '../http.js';
import type { NetworkReader } from '../types.js';
import { parseNodeInfo } from './parse.js';

export interface NosanaOptions {
  apiUrl: string;
  timeoutMs: number;
  now?: () => number;
}

export function createNosanaReader(options: NosanaOptions): NetworkReader {
  const now = options.now ?? Date.now;
  return {
    network: 'nosana',
    async read() {
      const result = await httpJson(new URL('/node/info', options.apiUrl).href, {
        timeoutMs: options.timeoutMs,
      });
      return apiOutcome(NosanaWorkload, 'nosana', 'GET /node/info', result, (json) =>
        parseNodeInfo(json, now()),
      );
    },
  };
}
