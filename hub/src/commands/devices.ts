import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import { addDeviceCredential, createEnrollToken } from '../devices/credentials.js';
import type { Store } from '../store/types.js';
import { type StoreSettings, withConfiguredStore } from './store.js';

const ENROLL_TTL_MS = 60 * 60 * 1000;

export const DEVICES_USAGE = `  nodetally-hub devices add <name> [<device-id>]   register a device; prints its id and token (shown once)
  nodetally-hub devices list                       every device with its state
  nodetally-hub devices revoke <device-id>         refuse the device's token; a connected agent is dropped
  nodetally-hub devices enroll-token               a one-time token for the installer, valid 1 hour`;

type Out = (line: string) => void;

async function run(store: Store, args: string[], json: boolean, out: Out): Promise<number> {
  const [action, first, second] = args;
  if (action === 'add' && first) {
    const credential = await addDeviceCredential(store, first, second);
    if (!credential) {
      out(`device id ${second ?? ''} is already registered`);
      return 1;
    }
    out(
      json
        ? JSON.stringify(credential)
        : `device id: ${credential.device_id}\ntoken:     ${credential.token}\n\nOn the device:\n  nodetally-agent run --hub-url mqtt://<this hub>:1883 --device-id ${credential.device_id} --password ${credential.token}`,
    );
    return 0;
  }
  if (action === 'list') {
    const devices = await store.listDevices();
    if (json) out(JSON.stringify(devices.map(({ latest: _latest, ...rest }) => rest)));
    else for (const d of devices) out(`${d.device_id}\t${d.name ?? ''}\t${d.status}\tlast seq ${d.last_seq}`);
    return 0;
  }
  if (action === 'revoke' && first) {
    const revoked = await store.revokeDevice(first, Date.now());
    out(revoked ? `revoked ${first}` : `no active credential for ${first}`);
    return revoked ? 0 : 1;
  }
  if (action === 'enroll-token') {
    const token = await createEnrollToken(store, ENROLL_TTL_MS);
    out(json ? JSON.stringify({ token, expires_in_s: ENROLL_TTL_MS / 1000 }) : token);
    return 0;
  }
  throw new NodetallyError(ErrorCodes.CONFIG_INVALID, `usage:\n${DEVICES_USAGE}`);
}

/**
 * `nodetally-hub devices …`: works on the hub's database directly (PostgreSQL with --database-url,
 * else SQLite in --data-dir), also while the hub runs.
 */
export async function devicesCommand(
  settings: StoreSettings,
  args: string[],
  json: boolean,
  out: Out,
): Promise<number> {
  return withConfiguredStore(settings, (store) => run(store, args, json, out));
}
