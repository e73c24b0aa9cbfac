// Every request the page makes: same-origin JSON, the session cookie, and the CSRF token from
// GET /api/v1/session on every mutating request. A 401 sends the browser to /login.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrf: Promise<string | null> | null = null;

function csrfToken(): Promise<string | null> {
  csrf ??= fetch('/api/v1/session', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(async (r) => (r.ok ? (((await r.json()) as { csrf_token?: string }).csrf_token ?? null) : null))
    .catch(() => null);
  return csrf;
}

function toLogin(): void {
  if (location.pathname === '/login') return;
  location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = await csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (response.status === 401) {
    toLogin();
    throw new ApiError(401, 'not logged in');
  }
  if (response.status === 403 && method !== 'GET') csrf = null; // a new session: fetch a fresh token next time
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const message = (body as { message?: string; error?: string } | null)?.message ?? response.statusText;
    throw new ApiError(response.status, `${method} ${path}: ${response.status} ${message}`);
  }
  return body as T;
}

/** GET that resolves to null when the hub has no such route (404): a page section waiting on its API. */
export async function apiOptional<T>(path: string): Promise<T | null> {
  try {
    return await api<T>(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
