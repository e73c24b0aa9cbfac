import type { FilecoinWorkload } from '@nodetally/shared';
import { filToAtto, parseIecBytes } from './units.js';

export type FilecoinFields = Omit<FilecoinWorkload, 'network' | 'running' | 'source' | 'matched'>;

const firstAmount = (rest: string) => parseIecBytes(rest.split(/\s*[/(]/)[0] ?? '');
const toCount = (rest: string) =>
  /^\d+$/.test(rest.split(/[\s,]/)[0] ?? '') ? Number.parseInt(rest, 10) : null;

/**
 * `lotus-miner info` text, parsed by label so that lines added, removed or renamed across lotus
 * versions cost only their own field: 2020 "Byte Power"/"Actual Power" and later "Power" + "Raw".
 * Indented lines belong to the last unindented section ("Sectors:" counts vs. "Proving: 3.2 TiB").
 */
export function parseLotusMinerInfo(text: string): FilecoinFields | null {
  const fields: FilecoinFields = {
    miner_id: null,
    sector_size_bytes: null,
    raw_power_bytes: null,
    qa_power_bytes: null,
    committed_bytes: null,
    proving_bytes: null,
    faulty_bytes: null,
    win_rate_per_day: null,
    deals: null,
    miner_balance_atto_fil: null,
    available_balance_atto_fil: null,
    worker_balance_atto_fil: null,
    sectors_total: null,
    sectors_proving: null,
    sectors_faulty: null,
  };
  let section = '';
  for (const line of text.split('\n')) {
    const match = /^(\s*)([A-Za-z][\w ()]*?):\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, indent = '', label = '', rest = ''] = match;
    if (indent === '') section = label;
    const key = indent === '' ? label : `${section}/${label}`;
    switch (key) {
      case 'Miner': {
        fields.miner_id = rest.split(/\s/)[0] || null;
        const size = /\(([^)]+) sectors\)/.exec(rest);
        if (size?.[1]) fields.sector_size_bytes = parseIecBytes(size[1]);
        break;
      }
      case 'Sector Size':
        fields.sector_size_bytes = parseIecBytes(rest);
        break;
      case 'Byte Power':
      case 'Power/Raw':
        fields.raw_power_bytes = firstAmount(rest);
        break;
      case 'Actual Power':
      case 'Power':
        fields.qa_power_bytes = firstAmount(rest);
        break;
      case 'Actual Power/Committed':
      case 'Power/Committed':
        fields.committed_bytes = firstAmount(rest);
        break;
      case 'Actual Power/Proving':
      case 'Power/Proving': {
        fields.proving_bytes = firstAmount(rest);
        const faulty = /\(([^,)]+?) Faulty/.exec(rest);
        fields.faulty_bytes = faulty?.[1] ? parseIecBytes(faulty[1]) : 0;
        break;
      }
      case 'Expected block win rate': {
        const rate = /^(\d+(?:\.\d+)?)\/day/.exec(rest);
        fields.win_rate_per_day = rate ? Number(rate[1]) : null;
        break;
      }
      case 'Deals':
        fields.deals = toCount(rest);
        break;
      case 'Miner Balance':
        fields.miner_balance_atto_fil = filToAtto(rest);
        break;
      case 'Miner Balance/Available':
        fields.available_balance_atto_fil = filToAtto(rest);
        break;
      case 'Worker Balance':
        fields.worker_balance_atto_fil = filToAtto(rest);
        break;
      case 'Sectors/Total':
        fields.sectors_total = toCount(rest);
        break;
      case 'Sectors/Proving':
        fields.sectors_proving = toCount(rest);
        break;
      case 'Sectors/Faulty':
        fields.sectors_faulty = toCount(rest);
        break;
    }
  }
  return fields.miner_id === null ? null : fields;
}
