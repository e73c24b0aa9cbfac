import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../test/support/browser.js';
import { hubConfig } from '../config.js';
import { type RunningHub, startHub } from '../hub.js';
import { isPublicRoute } from './auth/public-routes.js';
import { DOCS_CSP, DOCS_PREFIX, OPENAPI_PATH, registeredRoutes } from './openapi.js';
import { testAuthHeaders } from './testing/auth.js';

interface Operation {
  tags?: string[];
  summary?: string;
  security?: unknown[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

/** fastify's `/devices/:id` is OpenAPI's `/devices/{id}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * The whole hub as `nodetally-hub` starts it (every service passed to `build()`), so every route any
 * module adds — now or later — is held to the document.
 */
describe('OpenAPI document and API docs', () => {
  let hub: RunningHub;
  let headers: Record<string, string>;
  let doc: Document;

  beforeAll(async () => {
    hub = await startHub(
      hubConfig({
        dataDir: mkdtempSync(join(tmpdir(), 'nt-openapi-')),
        httpPort: 0,
        mqttPort: 0,
        logLevel: 'silent',
      }),
      pino({ level: 'silent' }),
    );
    headers = await testAuthHeaders(hub.store);
    const response = await hub.app.inject({ url: OPENAPI_PATH, headers });
    expect(response.statusCode).toBe(200);
    doc = response.json();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    // validate() dereferences in place: give it a copy.
    const result = await validate(structuredClone(doc) as never);
    expect(result).toMatchObject({ valid: true, warnings: [] });
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: 'nodetally hub API' } });
    expect(doc).not.toHaveProperty('servers');
  });

  it('documents every /api/v1 route with a tag, a summary and a response schema', () => {
    const routes = registeredRoutes(hub.app).filter((r) => r.url.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const route of routes) {
      for (const method of [route.method].flat()) {
        const op = doc.paths[openApiPath(route.url)]?.[method.toLowerCase()];
        const schemas = Object.values(op?.responses ?? {}).flatMap((r) =>
          Object.values(r.content ?? {}).filter((c) => c.schema !== undefined),
        );
        const problems = [
          !op && 'not in the document',
          op && !op.tags?.length && 'no tags',
          op && !op.summary && 'no summary',
          op && !Object.keys(op.responses ?? {}).length && 'no responses',
          op && schemas.length === 0 && !('204' in (op.responses ?? {})) && 'no response schema',
        ].filter(Boolean);
        if (problems.length) missing.push(`${method} ${route.url}: ${problems.join(', ')}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every documented operation a tag and a summary; public routes need no security', () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.tags?.length || !op.summary) problems.push(`${method} ${path}`);
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        const open = isPublicRoute(method.toUpperCase(), url);
        if (open !== (op.security !== undefined && op.security.length === 0))
          problems.push(`${method} ${path}: security`);
      }
    }
    expect(problems).toEqual([]);
    expect(doc.paths['/metrics']?.get?.responses?.['200']?.content).toHaveProperty([
      'text/plain; version=0.0.4',
    ]);
    expect(doc.paths['/api/v1/earnings.csv']?.get?.responses?.['200']?.content).toHaveProperty(['text/csv']);
  });

  it('serves Swagger UI from the package under a strict CSP, and it renders with no violation', async () => {
    const page = await hub.app.inject({ url: `${DOCS_PREFIX}/`, headers });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(page.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ extraHTTPHeaders: headers });
      const tab = await context.newPage();
      const violations: string[] = [];
      tab.on('console', (m) => {
        if (m.type() === 'error') violations.push(m.text());
      });
      await tab.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
        );
      });
      await tab.goto(`${hub.httpUrl}${DOCS_PREFIX}/`);
      await tab.locator('.opblock-summary-path', { hasText: '/api/v1/devices' }).first().waitFor();
      expect(await tab.locator('.opblock').count()).toBeGreaterThan(10);
      // Open one operation: its parameters, responses and example schemas render too.
      await tab.locator('.opblock-summary', { hasText: '/api/v1/rewards' }).first().click();
      await tab.locator('.opblock-body .responses-table').first().waitFor();
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
