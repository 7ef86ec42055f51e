import { defineConfig } from 'vitest/config';

// Packages are resolved to their TypeScript sources through the `@krakenkit/source` export condition,
// so tests never need a build first.
const conditions = ['@krakenkit/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@krakenkit/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
