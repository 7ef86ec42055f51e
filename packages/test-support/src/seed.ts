/** The seed every property test, fuzz run and soak starts from unless the environment says otherwise. */
export const DEFAULT_SEED = 20_260_105;

/**
 * The run's seed: fixed, so a failure on one machine fails the same way on every other, and fast-check's report of
 * a failure names it. `KRAKENKIT_SEED=<n>` (or fast-check's usual `FC_SEED`) overrides it to explore other draws.
 */
export function testSeed(fallback: number = DEFAULT_SEED, env: NodeJS.ProcessEnv = process.env): number {
  const text = env['KRAKENKIT_SEED'] ?? env['FC_SEED'];
  if (text === undefined || text === '') return fallback;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed))
    throw new Error(`KRAKENKIT_SEED must be an integer, got ${JSON.stringify(text)}`);
  return seed;
}
