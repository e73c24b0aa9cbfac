import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';

// This file sits at hub/src/web/routes/ (sources) and hub/dist/web/routes/ (built): four levels below
// the repository root, where deploy/ and the agent bundle live.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Where the served files come from. NODETALLY_AGENT_BUNDLE_FILE and NODETALLY_INSTALL_SCRIPT_FILE move
 * them (a packaged hub, the Docker image); NODETALLY_PUBLIC_MQTT_URL is the broker URL written into
 * installed agents' config when agents must not use the address they fetched the script from plus
 * the default MQTT port (another port, an external broker, a NAT).
 */
export function installFiles(env: NodeJS.ProcessEnv = process.env) {
  return {
    bundle: env.NODETALLY_AGENT_BUNDLE_FILE || `${repoRoot}agent/dist-bundle/nodetally-agent.mjs`,
    script: env.NODETALLY_INSTALL_SCRIPT_FILE || `${repoRoot}deploy/install/install.sh`,
    mqttUrl: env.NODETALLY_PUBLIC_MQTT_URL || null,
  };
}

const NOT_BUILT =
  'the agent bundle has not been built on this hub: run `pnpm run bundle:agent` in the nodetally checkout (or set NODETALLY_AGENT_BUNDLE_FILE)\n';

/** A URL-safe host as the client addressed us (no quotes, spaces or shell metacharacters). */
function requestOrigin(request: FastifyRequest): { origin: string; hostname: string } | null {
  const host = request.host;
  const hostname = request.hostname;
  if (!/^[A-Za-z0-9.\-:[\]]+$/.test(host) || !/^[A-Za-z0-9.\-:[\]]+$/.test(hostname)) return null;
  return { origin: `${request.protocol}://${host}`, hostname };
}

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

/**
 * GET /install.sh: the agent installer with this hub's address, the broker URL and the bundle's
 * SHA-256 filled in (`curl -fsSL http://<hub>/install.sh | sudo sh -s -- --token …`).
 * GET /downloads/nodetally-agent.mjs: the one-file agent it installs. Neither needs a login: the
 * enrollment token is what grants a credential.
 */
/** Where agents reach the broker: the hub's own listeners, or the external broker it uses. */
export interface AgentMqtt {
  /** An external broker's URL, used as is. */
  url?: string | undefined;
  plainPort: number;
  tlsPort: number;
}

function agentMqttUrl(hostname: string, https: boolean, mqtt: AgentMqtt | undefined): string {
  if (mqtt?.url) return mqtt.url;
  if (!mqtt) return https ? `mqtts://${hostname}:8883` : `mqtt://${hostname}:1883`;
  // Prefer TLS when the installer itself came over HTTPS, or when plain MQTT is off.
  if (mqtt.tlsPort && (https || !mqtt.plainPort)) return `mqtts://${hostname}:${mqtt.tlsPort}`;
  return `mqtt://${hostname}:${mqtt.plainPort}`;
}

const text = (description: string, type = 'text/plain') => ({
  description,
  content: { [type]: { schema: Type.String() } },
});

export function registerInstallRoutes(app: FastifyInstance, mqtt?: AgentMqtt): void {
  const notBuilt = text('the agent bundle is not built on this hub');
  const installSchema = {
    tags: ['install'],
    summary: 'Agent install script',
    description:
      'The installer with this hub’s URL, its broker URL and the bundle’s SHA-256 filled in: ' +
      '`curl -fsSL http://<hub>/install.sh | sudo sh -s -- --token <enrollment token>` (no login)',
    response: {
      200: text('POSIX shell script', 'text/x-shellscript'),
      400: text('the Host header is not a plain host name'),
      404: text('no install script on this hub'),
      503: notBuilt,
    },
  };
  app.get('/install.sh', { schema: installSchema }, async (request, reply) => {
    const files = installFiles();
    const [script, bundle] = await Promise.all([readOrNull(files.script), readOrNull(files.bundle)]);
    if (!script) return reply.code(404).type('text/plain').send(`no install script at ${files.script}\n`);
    if (!bundle) return reply.code(503).type('text/plain').send(NOT_BUILT);
    const origin = requestOrigin(request);
    if (!origin) return reply.code(400).type('text/plain').send('bad Host header\n');
    const mqttUrl = files.mqttUrl ?? agentMqttUrl(origin.hostname, request.protocol === 'https', mqtt);
    const filled = script
      .toString('utf8')
      .replaceAll('@@NODETALLY_HUB_URL@@', origin.origin)
      .replaceAll('@@NODETALLY_MQTT_URL@@', mqttUrl.replace(/[^A-Za-z0-9.:/[\]_-]/g, ''))
      .replaceAll('@@NODETALLY_BUNDLE_SHA256@@', createHash('sha256').update(bundle).digest('hex'));
    return reply.type('text/x-shellscript; charset=utf-8').header('cache-control', 'no-store').send(filled);
  });

  const bundleSchema = {
    tags: ['install'],
    summary: 'Agent bundle',
    description:
      'The one-file agent install.sh fetches; its SHA-256 in the x-content-sha256 header (no login)',
    response: { 200: text('ES module, Node.js ≥ 20', 'text/javascript'), 503: notBuilt },
  };
  app.get('/downloads/nodetally-agent.mjs', { schema: bundleSchema }, async (_request, reply) => {
    const bundle = await readOrNull(installFiles().bundle);
    if (!bundle) return reply.code(503).type('text/plain').send(NOT_BUILT);
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-content-sha256', createHash('sha256').update(bundle).digest('hex'))
      .send(bundle);
  });
}
