import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run the TypeScript sources; the end-to-end tests start the built dist/ binaries.
    alias: {
      '@nodetally/shared': src('./shared/src/index.ts'),
      '@nodetally/agent': src('./agent/src/index.ts'),
      '@nodetally/hub': src('./hub/src/index.ts'),
    },
  },
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'agent/src/**/*.test.ts',
      'hub/src/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores on CI: end-to-end files start several processes each.
    maxWorkers: 2,
  },
});
