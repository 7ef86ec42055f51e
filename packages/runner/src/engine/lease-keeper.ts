/**
 * Renews a session's leases on a timer of their own, every third of their ttl. A cycle can take longer than a
 * ttl when several processes share one REST allowance (each call waits its turn); leases renewed only by the
 * cycle would then lapse under a healthy session. The timer is unref'd (it never keeps the process up) and
 * renewals never overlap.
 */
export class LeaseKeeper {
  readonly #renew: () => Promise<void>;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #stopped = false;

  /** `renew` renews every lease and acts on what it finds; it should not throw (a throw is dropped). */
  constructor(renew: () => Promise<void>, ttlMs: number) {
    this.#renew = renew;
    this.#intervalMs = Math.max(1, Math.floor(ttlMs / 3));
  }

  /** Starts the timer (again: no-op; after stop: no-op). */
  start(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#timer = setInterval(() => void this.renew(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Renews now, or joins the renewal under way. */
  renew(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#inFlight ??= this.#renew()
      .catch(() => undefined)
      .finally(() => {
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }

  /** The renewal under way, if any (resolved otherwise): what it finds is acted on before the caller goes on. */
  settled(): Promise<void> {
    return this.#inFlight ?? Promise.resolve();
  }

  /** Stops the timer and waits for a renewal under way, so nothing renews a lease once it is released. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }
}
