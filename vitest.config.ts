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
    // Test files share a worker's modules (no fresh module graph per file): importing the packages again for each
    // of ~270 files took half the suite's time. Tests keep no state in modules; one that mocks a module loads what
    // uses it after vi.resetModules().
    isolate: false,
    // One test file per core (vitest's default leaves one core idle): no test depends on having a core to itself.
    maxWorkers: availableParallelism(),
  },
});
