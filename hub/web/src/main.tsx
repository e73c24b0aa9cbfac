import './styles.css';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { AlertsPage } from './pages/Alerts.js';
import { DevicePage } from './pages/Device.js';
import { EarningsPage } from './pages/Earnings.js';
import { FleetPage } from './pages/Fleet.js';
import { SettingsPage } from './pages/Settings.js';
import { type Route, useRoute } from './router.js';

const NAV: Array<[Route['page'], string, string]> = [
  ['fleet', '/', 'Fleet'],
  ['earnings', '/earnings', 'Earnings'],
  ['alerts', '/alerts', 'Alerts'],
  ['settings', '/settings', 'Settings'],
];

function currentTheme(): 'light' | 'dark' {
  const set = document.documentElement.dataset.theme;
  if (set === 'light' || set === 'dark') return set;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function ThemeToggle() {
  const [theme, setTheme] = useState(currentTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  const toggle = () => {
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem('nodetally-theme', next);
    } catch {
      // not persisted
    }
    setTheme(next);
    dispatchEvent(new Event('nodetally-theme'));
  };
  return (
    <button
      type="button"
      class="button ghost theme-toggle"
      onClick={toggle}
      aria-label={`Switch to ${next} theme`}
    >
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'fleet':
      return <FleetPage />;
    case 'device':
      return <DevicePage id={route.id} />;
    case 'earnings':
      return <EarningsPage />;
    case 'alerts':
      return <AlertsPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return (
        <p class="empty">
          No such page. <a href="/">Back to the fleet</a>.
        </p>
      );
  }
}

const TITLES: Record<Route['page'], string> = {
  fleet: 'Fleet',
  device: 'Device',
  earnings: 'Earnings',
  alerts: 'Alerts',
  settings: 'Settings',
  missing: 'Not found',
};

function App() {
  const route = useRoute();
  const [user, setUser] = useState<string | null>(null);
  const navigated = useRef(false);
  const title = route.page === 'device' ? route.id : TITLES[route.page];
  useEffect(() => {
    document.title = `${title} · nodetally`;
    // After an in-page navigation, move focus to the new content (as a page load would start over).
    if (navigated.current) document.getElementById('main')?.focus({ preventScroll: true });
    navigated.current = true;
  }, [title]);
  useEffect(() => {
    api<{ user?: { username?: string } | string }>('/api/v1/session').then(
      (s) => setUser(typeof s.user === 'string' ? s.user : (s.user?.username ?? null)),
      () => setUser(null),
    );
  }, []);
  const logout = async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
    location.assign('/login');
  };
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/" aria-label="nodetally home">
          <span class="logo" aria-hidden="true">
            ◆
          </span>{' '}
          nodetally
        </a>
        <nav aria-label="Main">
          {NAV.map(([page, href, label]) => (
            <a
              key={page}
              href={href}
              aria-current={
                route.page === page || (page === 'fleet' && route.page === 'device') ? 'page' : undefined
              }
            >
              {label}
            </a>
          ))}
        </nav>
        <div class="topbar-end">
          {user && (
            <button type="button" class="button ghost" onClick={logout} title={`Signed in as ${user}`}>
              Log out
            </button>
          )}
          <ThemeToggle />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
