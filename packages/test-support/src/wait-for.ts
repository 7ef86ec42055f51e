/** How a wait may be bounded: only to catch a hang, never as a guess of how fast the machine is. */
export interface WaitOptions {
  /** Gives up with the error naming `what` when this signal aborts (the caller's own hang bound). */
  signal?: AbortSignal;
  /** How often the condition is looked at; default 5 ms. */
  intervalMs?: number;
}

/**
 * Waits until `condition` holds, however long the machine takes to get there. It has no deadline of its own: a test
 * that waits for an event which never comes is ended by the test runner's timeout (or by `signal`), and the
 * message then names `what`. A fixed deadline here would turn a slow machine into a failed test.
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  options: WaitOptions = {},
): Promise<void> {
  const interval = options.intervalMs ?? 5;
  pending.add(what);
  try {
    while (!condition()) {
      if (options.signal?.aborted)
        throw new Error(`gave up waiting for ${what}`, { cause: options.signal.reason });
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  } finally {
    pending.delete(what);
  }
}

const pending = new Set<string>();

/** What tests in this process are waiting for right now (printed when a test times out). */
export function pendingWaits(): string[] {
  return [...pending];
}
