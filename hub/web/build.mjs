// Bundles the hub's web page (Preact + uPlot) into hub/dist/public/: content-hashed app-*.js,
// app-*.css and theme-*.js plus manifest.json, which the hub's app-shell route reads.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds into `outDir` (default hub/dist/public); returns the manifest (logical name → file). */
export async function buildWeb(outDir = join(here, '..', 'dist', 'public'), { minify = true } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(here, 'src', 'main.tsx'), theme: join(here, 'src', 'theme-boot.ts') },
    outdir: outDir,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const manifest = {};
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint && !file.endsWith('.css')) continue;
    const name = basename(file);
    manifest[name.replace(/-[A-Z0-9]+(\.\w+)$/, '$1')] = name;
  }
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifest = await buildWeb(process.argv[2]);
  console.log(`web page built: ${Object.values(manifest).join(', ')}`);
}
