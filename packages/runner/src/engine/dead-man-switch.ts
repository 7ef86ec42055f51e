import type { BotClient } from './connect.js';

/**
 * Kraken's dead man's switch (CancelAllOrdersAfter), one per key: armed at start and pushed back every `refreshMs`
 * while the session runs. If the runner dies or hangs, Kraken cancels every open order of the key `timeoutSeconds`
 * after the last refresh. It is disarmed (timeout 0) only for the keys the session says are safe: no order a bot
 * owns rests there and no other session relies on the switch (see shutdownDisarms).
 */
export class DeadManSwitch {
  readonly #clients: ReadonlyMap<string, BotClient>;
  readonly timeoutSeconds: number;
  readonly #refreshMs: number;
  #nextAt = 0;
  #armed = false;

  constructor(clients: ReadonlyMap<string, BotClient>, timeoutMs: number, refreshMs: number) {
    this.#clients = clients;
    this.timeoutSeconds = Math.round(timeoutMs / 1000);
    this.#refreshMs = refreshMs;
  }

  get armed(): boolean {
    return this.#armed;
  }

  /** The keys the switch covers, by name. */
  get keys(): string[] {
    return [...this.#clients.keys()];
  }

  /** True when a refresh is due at `now`. */
  due(now: number): boolean {
    return now >= this.#nextAt;
  }

  /** Arms or pushes back the switch on every key. */
  async refresh(now: number): Promise<void> {
    this.#nextAt = now + this.#refreshMs;
    await Promise.all(
      [...this.#clients.values()].map((client) =>
        client.cancelAllOrdersAfter({ timeout: this.timeoutSeconds }),
      ),
    );
    this.#armed = true;
  }

  /** Turns the switch off (Kraken: timeout 0) on these keys; the others keep counting down. */
  async disarm(keys: Iterable<string>): Promise<void> {
    if (!this.#armed) return;
    this.#armed = false;
    const clients = [...keys].flatMap((key) => this.#clients.get(key) ?? []);
    await Promise.all(clients.map((client) => client.cancelAllOrdersAfter({ timeout: 0 })));
  }
}
