/**
 * The reason a stopping session's calls are aborted with once their time is up: an AbortError naming the step,
 * so the client reports a call that had not left as not sent (and the guard releases its reservation), and
 * reconciles one that had, as for any abort.
 */
export function shutdownAbort(step: string, boundMs: number): DOMException {
  return new DOMException(
    `${step}: abandoned, the shutdown has ${boundMs} ms in all (run.shutdownTimeout)`,
    'AbortError',
  );
}

/**
 * The time a stopping session has left, counted from the stop request. Each step of the wind-down that waits on
 * the exchange (an order's outcome, the cancels, a last look at fills) is given a share of the bound and abandoned
 * once it passes, with its calls aborted: a session ends within `run.shutdownTimeout` however slow the exchange, a
 * reconciliation, or the key's shared REST budget is.
 */
export class ShutdownDeadline {
  readonly boundMs: number;
  readonly #startedAt: number;
  readonly #now: () => number;

  constructor(boundMs: number, now: () => number) {
    this.boundMs = boundMs;
    this.#now = now;
    this.#startedAt = now();
  }

  /** When `share` (0 to 1) of the bound has passed (epoch ms, the session's clock). */
  at(share: number): number {
    return this.#startedAt + Math.round(this.boundMs * share);
  }

  /** Milliseconds left until `by`; 0 once it has passed. */
  left(by: number): number {
    return Math.max(0, by - this.#now());
  }

  /** True once `by` has passed. */
  passed(by: number): boolean {
    return this.left(by) === 0;
  }

  /** A signal that aborts at `by` (see shutdownAbort); its timer never keeps the process up. */
  signal(by: number, step: string): AbortSignal {
    const controller = new AbortController();
    const reason = shutdownAbort(step, this.boundMs);
    const ms = this.left(by);
    if (ms === 0) controller.abort(reason);
    else setTimeout(() => controller.abort(reason), ms).unref();
    return controller.signal;
  }

  /**
   * Waits for `work` until `by`: true when it settled in time (its failure is the caller's to have caught), false
   * when it was still running. Never rejects; a late `work` goes on unwatched.
   */
  async within(work: Promise<unknown>, by: number): Promise<boolean> {
    const ms = this.left(by);
    if (ms === 0) return settledAlready(work);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([work.then(done, done), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits `ms`, or until `by` if that comes first; true when there is still time left after. */
  async pause(ms: number, by: number): Promise<boolean> {
    const wait = Math.min(ms, this.left(by));
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return !this.passed(by);
  }
}

function done(): true {
  return true;
}

// A promise already settled still reports so after a microtask turn; one still pending does not.
async function settledAlready(work: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await Promise.resolve();
  await Promise.resolve();
  return settled;
}
