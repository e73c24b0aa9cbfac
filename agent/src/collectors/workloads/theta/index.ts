import { ThetaWorkload } from '@nodetally/shared';
import { apiOutcome } from '../api.js';
import { httpJson } from '../http.js';
import type { NetworkReader } from '../types.js';
import { parseEdgeCoreStatus } from './parse.js';

export interface ThetaOptions {
  rpcUrl: string;
  timeoutMs: number;
}

const GET_STATUS = JSON.stringify({ jsonrpc: '2.0', method: 'edgecore.GetStatus', params: [], id: 1 });

export function createThetaReader(options: ThetaOptions): NetworkReader {
  return {
    network: 'theta',
    async read() {
      const result = await httpJson(options.rpcUrl, {
        timeoutMs: options.timeoutMs,
        method: 'POST',
        body: GET_STATUS,
      });
      return apiOutcome(ThetaWorkload, 'theta', 'edgecore.GetStatus', result, parseEdgeCoreStatus);
    },
  };
}
