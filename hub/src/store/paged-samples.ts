import type { Sample } from '@nodetally/shared';
import type { Store } from './types.js';

const PAGE = 10_000;

/**
 * Every sample of a device with fromMs ≤ ts < toMs, oldest first, read in pages (only the newest
 * `keepNewest` when given, so memory stays bounded). A page resumes at the previous page's last
 * timestamp, skipping by seq the samples already read there, so samples that share a millisecond
 * across a page bound are neither lost nor repeated.
 */
export async function readAllSamples(
  store: Store,
  deviceId: string,
  fromMs: number,
  toMs: number,
  keepNewest = Number.POSITIVE_INFINITY,
): Promise<Sample[]> {
  let out: Sample[] = [];
  const seen = new Set<number>();
  let from = fromMs;
  for (;;) {
    const page = await store.listSamples(deviceId, from, toMs, PAGE);
    for (const s of page) if (!seen.has(s.seq)) out.push(s);
    if (out.length > keepNewest) out = out.slice(-keepNewest);
    const last = page[page.length - 1];
    if (page.length < PAGE || !last) return out;
    seen.clear();
    for (const s of page) if (s.ts === last.ts) seen.add(s.seq);
    if (last.ts === from && seen.size >= PAGE)
      throw new RangeError(`${deviceId}: over ${PAGE} samples at one ms`);
    from = last.ts;
  }
}
