import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, verifyToken } from './tokens.js';

describe('device tokens', () => {
  it('are long, random and URL-safe', () => {
    const a = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
  });

  it('verify against their Mosquitto-format hash only', () => {
    const token = generateToken();
    const stored = hashToken(token);
    expect(stored).toMatch(/^\$7\$101\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/);
    expect(verifyToken(token, stored)).toBe(true);
    expect(verifyToken(`${token}x`, stored)).toBe(false);
    expect(verifyToken(token, hashToken(token))).toBe(true);
    expect(verifyToken(token, 'plain')).toBe(false);
    expect(verifyToken(token, '$7$101$AAAA$AAAA')).toBe(false);
  });
});
