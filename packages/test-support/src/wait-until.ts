import type { WaitOptions } from './wait-for.js';

/**
 * `waitFor` for a condition that must ask something asynchronous (a store, a server): polls `condition` until
 * it resolves true, however long that takes. No deadline of its own: the test runner's timeout (or `signal`)
 * ends a wait for an event that never comes, and the message names `what`.
 */
export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  what: string,
  options: WaitOptions = {},
): Promise<void> {
  const interval = options.intervalMs ?? 5;
  while (!(await condition())) {
    if (options.signal?.aborted)
      throw new Error(`gave up waiting for ${what}`, { cause: options.signal.reason });
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
