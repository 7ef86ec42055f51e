import type { BotClient } from './connect.js';

/**
 * Kraken's dead man's switch (CancelAllOrdersAfter): armed at start, pushed back every `refreshMs` while the
 * session runs, disarmed (timeout 0) at a clean shutdown. If the runner dies or hangs, Kraken cancels every open
 * order `timeoutSeconds` after the last refresh.
 */
export class DeadManSwitch {
  readonly #clients: readonly BotClient[];
  readonly timeoutSeconds: number;
  readonly #refreshMs: number;
  #nextAt = 0;
  #armed = false;

  constructor(clients: readonly BotClient[], timeoutMs: number, refreshMs: number) {
    this.#clients = clients;
    this.timeoutSeconds = Math.round(timeoutMs / 1000);
    this.#refreshMs = refreshMs;
  }

  get armed(): boolean {
    return this.#armed;
  }

  /** True when a refresh is due at `now`. */
  due(now: number): boolean {
    return now >= this.#nextAt;
  }

  /** Arms or pushes back the switch on every key. */
  async refresh(now: number): Promise<void> {
    this.#nextAt = now + this.#refreshMs;
    await Promise.all(
      this.#clients.map((client) => client.cancelAllOrdersAfter({ timeout: this.timeoutSeconds })),
    );
    this.#armed = true;
  }

  /** Turns the switch off (Kraken: timeout 0), so orders deliberately kept open stay open. */
  async disarm(): Promise<void> {
    if (!this.#armed) return;
    this.#armed = false;
    await Promise.all(this.#clients.map((client) => client.cancelAllOrdersAfter({ timeout: 0 })));
  }
}
