import fc from 'fast-check';
import { afterEach, expect } from 'vitest';
import { testSeed } from './seed.js';
import { pendingWaits } from './wait-for.js';

// Loaded by vitest before every test file: every fc.assert without a seed of its own runs on the run's seed, and
// fast-check's failure report names it, so a red property test replays with KRAKENKIT_SEED=<seed>.
const seed = testSeed();
fc.configureGlobal({ seed });

afterEach(() => {
  const state = expect.getState();
  const waits = pendingWaits();
  if (waits.length > 0)
    console.error(`${state.currentTestName ?? 'a test'} ended while waiting for: ${waits.join(', ')}`);
});
