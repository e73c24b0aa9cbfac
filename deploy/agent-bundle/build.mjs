#!/usr/bin/env node
// Builds the agent into one file that runs with a plain Node ≥ 20 on Linux x64 and arm64:
//   pnpm run bundle:agent   (node deploy/agent-bundle/build.mjs [--outfile <path>])
// Output: agent/dist-bundle/nodetally-agent.mjs, which the hub serves at /downloads/nodetally-agent.mjs.
// The agent has no native addons, so one file fits every architecture.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const bundlePath = join(root, 'agent/dist-bundle/nodetally-agent.mjs');
const { version } = JSON.parse(readFileSync(join(root, 'agent/package.json'), 'utf8'));

/**
 * agent/src/meta.ts reads its version with `require('../package.json')` at run time, a path that does
 * not exist beside an installed bundle: the version is put in as a literal instead. The build fails
 * (rather than shipping a bundle that crashes at start) if that line ever changes shape.
 */
const inlineAgentVersion = {
  name: 'inline-agent-version',
  setup(b) {
    b.onLoad({ filter: /agent[\\/]src[\\/]meta\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const pattern = /require\((['"])\.\.\/package\.json\1\)/;
      if (!pattern.test(source)) {
        return {
          errors: [{ text: `${args.path}: expected require('../package.json') to inline the version` }],
        };
      }
      return { contents: source.replace(pattern, JSON.stringify({ version })), loader: 'ts' };
    });
  },
};

export async function buildAgentBundle({ outfile = bundlePath, minify = true } = {}) {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(root, 'agent/src/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify,
    legalComments: 'eof',
    // Built from the TypeScript sources, so a bundle never lags behind a stale dist/.
    alias: { '@nodetally/shared': join(root, 'shared/src/index.ts') },
    // CommonJS dependencies (systeminformation, pino, node-cron) call require() for Node built-ins.
    banner: {
      js: [
        `// nodetally-agent ${version}: one-file bundle (esbuild); needs Node >= 20. Licenses of bundled packages at the end.`,
        "import { createRequire as __ntCreateRequire } from 'node:module';",
        'const require = __ntCreateRequire(import.meta.url);',
      ].join('\n'),
    },
    plugins: [inlineAgentVersion],
    logLevel: 'warning',
  });
  return outfile;
}

// `--outfile <path>` builds elsewhere (the tests build their own copy).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--outfile');
  const outfile = at > 0 ? process.argv[at + 1] : undefined;
  const out = await buildAgentBundle(outfile ? { outfile } : {});
  process.stdout.write(`${out}\n`);
}
