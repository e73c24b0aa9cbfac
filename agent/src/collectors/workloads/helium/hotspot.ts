import type { HeliumWorkload } from '@nodetally/shared';
import { asObject, bool, count, type Json, nonNegative, num, str } from '../json.js';

export type HeliumFields = Partial<Omit<HeliumWorkload, 'network' | 'running' | 'source' | 'matched'>>;

/** "region_us915" (Bobcat) and "US915" / "IN865" (Nebra) read alike. */
const normalizeRegion = (region: string | null) => region?.replace(/^region_/i, '').toUpperCase() ?? null;

/** "36 °C" → 36. */
function celsius(text: string | null): number | null {
  const match = text === null ? null : /^\s*(-?\d+(?:\.\d+)?)\s*°?\s*C?\s*$/.exec(text);
  return match ? Number(match[1]) : null;
}

/** Bobcat `GET /status.json`; null when the body is not one (the URL is shared with other hotspots). */
export function parseBobcatStatus(json: unknown): HeliumFields | null {
  const obj = asObject(json);
  if (!obj || str(obj, 'status') === null || !('miner_height' in obj)) return null;
  return {
    hotspot_kind: 'bobcat',
    sync_status: str(obj, 'status'),
    miner_height: count(obj, 'miner_height'),
    blockchain_height: count(obj, 'blockchain_height'),
    sync_gap_blocks: count(obj, 'gap'),
  };
}

/** Bobcat `GET /miner.json`. `running` is the miner container's Docker state. */
export function parseBobcatMiner(json: unknown): (HeliumFields & { miner_running: boolean | null }) | null {
  const obj = asObject(json);
  if (!obj || !('animal' in obj) || !('ota_version' in obj)) return null;
  const minerState = str(asObject(obj.miner), 'State');
  return {
    hotspot_kind: 'bobcat',
    animal_name: str(obj, 'animal'),
    region: normalizeRegion(str(obj, 'region')),
    firmware: str(obj, 'ota_version'),
    hotspot_temp_c: celsius(str(obj, 'temp0')),
    miner_running: minerState === null ? null : minerState === 'running',
  };
}

/** Nebra hm-diag `GET /json`: two-letter keys (MH miner height, BCH chain height, BSP sync %, PF ok). */
export function parseNebraDiag(json: unknown): HeliumFields | null {
  const obj: Json | null = asObject(json);
  if (!obj || !('PK' in obj || 'AN' in obj) || !('FW' in obj)) return null;
  const minerHeight = count(obj, 'MH');
  const chainHeight = count(obj, 'BCH');
  return {
    hotspot_kind: 'nebra',
    animal_name: str(obj, 'AN'),
    region: normalizeRegion(str(obj, 'RE')),
    firmware: str(obj, 'FW'),
    miner_height: minerHeight,
    blockchain_height: chainHeight,
    sync_gap_blocks:
      minerHeight !== null && chainHeight !== null ? Math.max(0, chainHeight - minerHeight) : null,
    sync_pct: ((pct) => (pct !== null && pct >= 0 && pct <= 100 ? pct : null))(nonNegative(num(obj, 'BSP'))),
    diagnostics_ok: bool(obj, 'PF'),
  };
}
