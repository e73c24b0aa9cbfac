import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Device tokens are 256 random bits, so a slow hash adds little; they are still stored as
 * PBKDF2-SHA512 in Mosquitto's `$7$<iterations>$<salt>$<hash>` password-file format, which lets
 * an external Mosquitto check the very same credentials.
 */
const ITERATIONS = 101;
const SALT_BYTES = 12;
const HASH_BYTES = 64;

export const generateToken = () => randomBytes(32).toString('base64url');

export function hashToken(token: string, salt = randomBytes(SALT_BYTES), iterations = ITERATIONS): string {
  const hash = pbkdf2Sync(token, salt, iterations, HASH_BYTES, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyToken(token: string, stored: string): boolean {
  const match = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return false;
  const expected = Buffer.from(match[3] as string, 'base64');
  const actual = pbkdf2Sync(
    token,
    Buffer.from(match[2] as string, 'base64'),
    Number(match[1]),
    expected.length,
    'sha512',
  );
  return expected.length === HASH_BYTES && timingSafeEqual(actual, expected);
}
