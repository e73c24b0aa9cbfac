import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

// hub/src/web/routes/ (sources) and hub/dist/web/routes/ (built) are both three levels below hub/,
// whose dist/public/ holds what hub/web/build.mjs bundles.
const BUILT_DIR = fileURLToPath(new URL('../../../dist/public/', import.meta.url));

/** Where the bundled page lies: NODETALLY_WEB_DIR (a packaged hub), else hub/dist/public. */
export const webDir = (env: NodeJS.ProcessEnv = process.env) => env.NODETALLY_WEB_DIR || BUILT_DIR;

/** The paths the page's router knows; each gets the same HTML shell. */
export const PAGE_PATHS = ['/', '/devices/:id', '/earnings', '/alerts', '/settings'] as const;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

type Manifest = Record<string, string>;

const NOT_BUILT =
  'the web page has not been built on this hub: run `pnpm run build` in the nodetally checkout (or set NODETALLY_WEB_DIR)\n';

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

const escapeAttr = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** No inline script or style: the CSP allows 'self' only. theme.js runs before paint (stored theme). */
export function shellHtml(manifest: Manifest): string {
  const asset = (name: string) => `/assets/${escapeAttr(manifest[name] ?? name)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>nodetally</title>
<script src="${asset('theme.js')}"></script>
<link rel="stylesheet" href="${asset('app.css')}">
<script type="module" src="${asset('app.js')}"></script>
</head>
<body>
<div id="app"></div>
<noscript>This page needs JavaScript. The JSON API is under /api/v1/ (see /api/docs).</noscript>
</body>
</html>
`;
}

/**
 * The web page: the HTML shell at every page path and the bundled files under /assets/. Hashed
 * file names change with their content, so they are cached for a year; the shell never is.
 */
export function registerAppShell(app: FastifyInstance, options: { dir?: string } = {}): void {
  const dir = options.dir ?? webDir();
  let cached: Manifest | null = null;
  const manifest = async () => {
    cached ??= await readManifest(dir);
    return cached;
  };

  for (const url of PAGE_PATHS) {
    app.get(
      url,
      {
        schema: {
          tags: ['web'],
          summary: `The web page (${url})`,
          description: 'HTML shell of the single-page app; the page itself talks to /api/v1',
          ...(url === '/devices/:id' ? { params: Type.Object({ id: Type.String({ minLength: 1 }) }) } : {}),
          response: { 200: Type.String(), 503: Type.String() },
        },
      },
      async (_request, reply) => {
        const m = await manifest();
        if (!m) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(shellHtml(m));
      },
    );
  }

  app.get(
    '/assets/:file',
    {
      schema: {
        tags: ['web'],
        summary: 'A bundled file of the web page',
        params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)+$' }) }),
        response: { 200: Type.String(), 404: Type.Object({ error: Type.String(), message: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { file } = request.params as { file: string };
      const m = await manifest();
      const known = m && Object.values(m).includes(file);
      const body = known ? await readFile(join(dir, file)).catch(() => null) : null;
      if (!body)
        return reply.code(404).send({ error: 'NT_ERR_WEB_ASSET', message: `no asset ${file} in this build` });
      return reply
        .type(TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(body);
    },
  );
}
