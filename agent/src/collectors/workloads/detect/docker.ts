import { httpJson } from '../http.js';
import { asObject, str } from '../json.js';

export interface ContainerSummary {
  names: string[];
  image: string;
  state: string;
}

/**
 * Summaries from the Docker Engine API `GET /containers/json` (running containers only, its default).
 * Older API versions and some clients give `Names` as one string; both are read.
 */
export function parseContainerList(json: unknown): ContainerSummary[] | null {
  if (!Array.isArray(json)) return null;
  const list: ContainerSummary[] = [];
  for (const item of json) {
    const obj = asObject(item);
    if (!obj) continue;
    const rawNames = obj.Names;
    const names = Array.isArray(rawNames)
      ? rawNames.filter((n): n is string => typeof n === 'string')
      : typeof rawNames === 'string'
        ? [rawNames]
        : [];
    list.push({
      names: names.map((n) => n.replace(/^\//, '')),
      image: str(obj, 'Image', 512) ?? '',
      state: str(obj, 'State') ?? '',
    });
  }
  return list;
}

/** Null when the socket is missing, not readable by this user, or answers nonsense. */
export async function listContainers(
  socketPath: string,
  timeoutMs: number,
): Promise<ContainerSummary[] | null> {
  const result = await httpJson('http://localhost/containers/json', { socketPath, timeoutMs });
  return result.kind === 'ok' ? parseContainerList(result.json) : null;
}
