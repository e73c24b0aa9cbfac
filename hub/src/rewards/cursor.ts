import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import type { Static, TSchema } from '@sinclair/typebox';
import { expectShape } from '../http/index.js';

/** Cursors are JSON with the source id inside, so one source's cursor is never read by another. */
export function encodeCursor(source: string, state: unknown): string {
  return JSON.stringify({ source, state });
}

export function decodeCursor<T extends TSchema>(
  source: string,
  cursor: string | null,
  schema: T,
): Static<T> | null {
  if (cursor === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch (error) {
    throw new NodetallyError(ErrorCodes.REWARDS_CURSOR, `${source}: cursor is not JSON`, { cause: error });
  }
  const wrapper = parsed as { source?: unknown; state?: unknown };
  if (wrapper?.source !== source) {
    throw new NodetallyError(
      ErrorCodes.REWARDS_CURSOR,
      `${source}: cursor belongs to ${String(wrapper?.source)}`,
    );
  }
  return expectShape(schema, wrapper.state, ErrorCodes.REWARDS_CURSOR, `${source} cursor`);
}
