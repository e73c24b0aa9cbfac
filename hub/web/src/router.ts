import { useEffect, useState } from 'preact/hooks';

// A few routes, history API only: links are ordinary <a href>, clicks on same-origin page links are
// intercepted so the app does not reload; the hub serves the same shell for every page path.

export type Route =
  | { page: 'fleet' }
  | { page: 'device'; id: string }
  | { page: 'earnings' }
  | { page: 'alerts' }
  | { page: 'settings' }
  | { page: 'missing' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'fleet' };
  const device = /^\/devices\/([^/]+)\/?$/.exec(pathname);
  if (device?.[1]) return { page: 'device', id: decodeURIComponent(device[1]) };
  if (pathname === '/earnings') return { page: 'earnings' };
  if (pathname === '/alerts') return { page: 'alerts' };
  if (pathname === '/settings') return { page: 'settings' };
  return { page: 'missing' };
}

export function navigate(href: string): void {
  history.pushState(null, '', href);
  dispatchEvent(new PopStateEvent('popstate'));
  scrollTo(0, 0);
}

const APP_PATHS = /^\/($|devices\/|earnings$|alerts$|settings$)/;

export function useRoute(): Route {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
        return;
      const a = (event.target as Element | null)?.closest?.('a');
      if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
      if (!APP_PATHS.test(a.pathname)) return;
      event.preventDefault();
      navigate(a.pathname + a.search);
    };
    addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    return () => {
      removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }, []);
  return parseRoute(path);
}
