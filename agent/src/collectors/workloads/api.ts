import type { Workload } from '@nodetally/shared';
import type { TObject } from '@sinclair/typebox';
import type { JsonResult } from './http.js';
import type { ReadOutcome } from './types.js';

const COMMON = new Set(['network', 'running', 'source', 'matched']);

/** Every network-specific field of a workload schema set to null: what a broken answer reports. */
export function nullFields(schema: TObject): Record<string, null> {
  return Object.fromEntries(
    Object.keys(schema.properties)
      .filter((key) => !COMMON.has(key))
      .map((key) => [key, null]),
  );
}

/**
 * The outcome of a network whose API is one JSON call. Nothing listening: absent. A timeout: not
 * running. An answer that is an error or unreadable: running (something answered), readings null.
 */
export function apiOutcome(
  schema: TObject,
  network: Workload['network'],
  label: string,
  result: JsonResult,
  parse: (json: unknown) => Record<string, unknown> | null,
): ReadOutcome {
  if (result.kind === 'absent') return { state: 'absent' };
  const base = { network, source: 'api' } as const;
  const parsed = result.kind === 'ok' ? parse(result.json) : null;
  if (parsed) return { state: 'found', workload: { ...base, running: true, ...parsed } as Workload };
  const reason = result.kind === 'ok' ? 'unexpected response shape' : result.reason;
  return {
    state: 'found',
    workload: { ...base, running: result.kind !== 'timeout', ...nullFields(schema) } as Workload,
    error: `${label}: ${reason}`,
  };
}
