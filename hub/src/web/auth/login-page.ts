import type { FastifyInstance } from 'fastify';
import { LOGIN_CSS, LOGIN_JS } from './login-assets.js';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>nodetally — log in</title>
<link rel="stylesheet" href="/login/login.css"><script src="/login/login.js" defer></script></head>
<body><main>
<h1>nodetally</h1>
<form id="login">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" value="admin" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Log in</button>
<p id="problem" role="alert"></p>
</form>
<p class="hint">First start: the password of <code>admin</code> is in <code>&lt;data dir&gt;/initial-admin-password</code>
(or <code>NODETALLY_ADMIN_PASSWORD</code>). Change it with <code>nodetally-hub admin set-password</code>.</p>
</main></body></html>
`;

/** A server-rendered login form that works without the web app bundle. */
export function registerLoginPage(app: FastifyInstance): void {
  const hidden = { hide: true } as const;
  app.get(
    '/login',
    { schema: { ...hidden, tags: ['auth'], summary: 'The login page (HTML)' } },
    async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(PAGE),
  );
  app.get(
    '/login/login.js',
    { schema: { ...hidden, tags: ['auth'], summary: "The login page's script" } },
    async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(LOGIN_JS),
  );
  app.get(
    '/login/login.css',
    { schema: { ...hidden, tags: ['auth'], summary: "The login page's style" } },
    async (_request, reply) => reply.type('text/css; charset=utf-8').send(LOGIN_CSS),
  );
}
