import { NodetallyError } from '@nodetally/shared';
import { expect } from 'vitest';
import type { HttpOptions } from '../request.js';

/** Fast retries so fault cases take milliseconds. */
export const testHttp: HttpOptions = { retries: 2, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 };

/** The NodetallyError code a call fails with; fails the test when the call succeeds or throws anything else. */
export async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NodetallyError);
    return (error as NodetallyError).code;
  }
  throw new Error('expected the call to fail');
}
