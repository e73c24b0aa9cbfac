import { asObject, str } from '../json.js';
import type { HeliumFields } from './hotspot.js';

/** `helium_gateway key info` prints `{key, name, onboarding}` (gateway-rs README). */
export function parseGatewayKeyInfo(stdout: string): HeliumFields | null {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return null;
  }
  const obj = asObject(json);
  const key = str(obj, 'key');
  return key === null
    ? null
    : { hotspot_kind: 'gateway-rs', gateway_key: key, animal_name: str(obj, 'name') };
}
