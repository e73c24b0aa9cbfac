import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Session cookies, CSRF tokens and API tokens: 256 random bits, base64url. */
export const randomSecret = () => randomBytes(32).toString('base64url');

/** 256 random bits need no slow hash: SHA-256 makes a stolen table useless and keeps lookups indexed. */
export const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
