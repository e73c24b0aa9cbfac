import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';

// One EventSource for the whole page; listeners subscribe by event name. When the stream is not
// available (no route yet, a proxy that buffers), pages fall back to polling.

type Listener = (name: string, data: unknown) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;
export let liveConnected = false;

// Browsers allow ~6 HTTP/1.1 connections per host and a stream holds one for good: a hidden tab gives
// its stream back and catches up with one refresh when it is shown again.
let watchingVisibility = false;

function watchVisibility(): void {
  if (watchingVisibility) return;
  watchingVisibility = true;
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      source?.close();
      source = null;
      liveConnected = false;
    } else if (listeners.size > 0) {
      ensureSource();
      for (const listener of listeners) listener('resume', null);
    }
  });
}

function ensureSource(): void {
  watchVisibility();
  if (source || document.hidden || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/events');
  source.onopen = () => {
    liveConnected = true;
  };
  source.onerror = () => {
    liveConnected = source?.readyState === EventSource.OPEN;
  };
  for (const name of ['device', 'earnings', 'alert']) {
    source.addEventListener(name, (event) => {
      let data: unknown = null;
      try {
        data = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        // a malformed event only triggers a refresh
      }
      for (const listener of listeners) listener(name, data);
    });
  }
}

export function onLive(listener: Listener): () => void {
  ensureSource();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Fetches `path` (or runs `load`), again when `deps` change, when one of `liveEvents` arrives
 * (debounced) and every `pollMs` while the live stream is down.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
  options: { liveEvents?: string[]; pollMs?: number } = {},
): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => !cancelled && setState({ data, error: null, loading: false }),
      (error: Error) => !cancelled && setState((s) => ({ ...s, error: error.message, loading: false })),
    );
    return () => {
      cancelled = true;
    };
  }, [...deps, tick]);
  const events = options.liveEvents?.join(',') ?? '';
  useEffect(() => {
    if (!events) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const names = events.split(',');
    const off = onLive((name) => {
      if ((!names.includes(name) && name !== 'resume') || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        setTick((t) => t + 1);
      }, 1000);
    });
    const poll = setInterval(() => !liveConnected && setTick((t) => t + 1), options.pollMs ?? 30_000);
    return () => {
      off();
      clearTimeout(timer);
      clearInterval(poll);
    };
  }, [events, options.pollMs]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

export { api };
