import { availableParallelism } from 'node:os';
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
    // Tests wait for the events they need, never for a time; these bounds only end a hang, so they are wide
    // enough for a 2-core machine under full load.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ['@krakenkit/test-support/fast-check-seed'],
    pool: 'forks',
    // One test file per core (vitest's default leaves one core idle): no test depends on having a core to itself.
    maxWorkers: availableParallelism(),
  },
});
