/**
 * Lets timers and sockets run between slices of a long fleet computation: better-sqlite3 reads and the
 * engine are synchronous, and without these pauses a 10k-device recompute stalls ingest and acks for
 * seconds. `await` of a resolved promise is not enough (microtasks run before I/O); setImmediate is.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Devices handled between two pauses. */
export const DEVICES_PER_SLICE = 50;
