/**
 * Reconnect delay with exponential growth and full jitter (AWS architecture blog's "full jitter"):
 * a hub restart does not bring every agent of a fleet back in the same second.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs = 1_000,
  maxMs = 60_000,
  random = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(random() * ceiling);
}
