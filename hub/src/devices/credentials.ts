import { createHash, randomBytes } from 'node:crypto';
import { assertDeviceId } from '@nodetally/shared';
import { generateToken, hashToken } from '../auth/tokens.js';
import type { Store } from '../store/types.js';

export interface IssuedCredential {
  device_id: string;
  name: string;
  /** Shown once; only its hash is stored. */
  token: string;
}

/** A readable, topic-safe id from a name: "Garage GPU rig" → "garage-gpu-rig-3fa2". */
export function deviceIdFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'device'}-${randomBytes(2).toString('hex')}`;
}

export async function addDeviceCredential(
  store: Store,
  name: string,
  deviceId = deviceIdFromName(name),
  now = Date.now(),
): Promise<IssuedCredential | null> {
  assertDeviceId(deviceId);
  const token = generateToken();
  if (!(await store.addDevice(deviceId, name, hashToken(token), now))) return null;
  return { device_id: deviceId, name, token };
}

/** Enrollment tokens are looked up, so they get an unsalted hash; they are 256 random bits and single-use. */
export const enrollTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createEnrollToken(store: Store, ttlMs: number, now = Date.now()): Promise<string> {
  const token = generateToken();
  await store.addEnrollToken(enrollTokenHash(token), now, now + ttlMs);
  return token;
}

/** Trades a one-time enrollment token for a device credential (what the install script does). */
export async function enrollDevice(store: Store, enrollToken: string, name: string, now = Date.now()) {
  const deviceId = deviceIdFromName(name);
  if (!(await store.consumeEnrollToken(enrollTokenHash(enrollToken), deviceId, now))) return null;
  return addDeviceCredential(store, name, deviceId, now);
}
