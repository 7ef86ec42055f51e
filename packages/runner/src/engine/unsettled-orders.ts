import type { BotRunner } from './bot-runner.js';

interface InFlight {
  bot: BotRunner;
  controller: AbortController;
}

/**
 * The orders a session handed to the exchange without knowing (yet) whether they rest there: placements still
 * in flight (queued for their turn, sent, or being reconciled by cl_ord_id after a lost answer), and placements
 * whose outcome stayed unknown after reconciliation (their record is kept for the next start). A stopping session
 * stops waiting for them after its share of the shutdown bound, aborts the ones not sent yet and cancels the rest
 * by cl_ord_id: Kraken's CancelOrder and CancelOrderBatch take the client order id, so no txid is needed.
 */
export class UnsettledOrders {
  readonly #inFlight = new Map<string, InFlight>();
  /** Outcome unknown after reconciliation: cl_ord_id → bot. */
  readonly #unknown = new Map<string, BotRunner>();
  #waiters: Array<() => void> = [];

  /** A placement is about to be sent: returns the signal to send it with (see abort). */
  begin(bot: BotRunner, clOrdId: string): AbortSignal {
    const controller = new AbortController();
    this.#inFlight.set(clOrdId, { bot, controller });
    return controller.signal;
  }

  /** The placement's outcome is known: it was placed (and has a txid), or it was not. */
  known(clOrdId: string): void {
    this.#end(clOrdId);
  }

  /** The placement's outcome stayed unknown: the order may rest on the exchange without the session knowing it. */
  unknown(bot: BotRunner, clOrdId: string): void {
    this.#end(clOrdId);
    this.#unknown.set(clOrdId, bot);
  }

  /** Placements in flight now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Resolves once no placement is in flight. */
  settled(): Promise<void> {
    if (this.#inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Aborts every placement in flight: one still waiting for its turn is never sent; one already sent is still
   * reconciled by the client, but no longer waited for (its order is cancelled by cl_ord_id).
   */
  abort(reason: unknown): void {
    for (const { controller } of this.#inFlight.values()) controller.abort(reason);
  }

  /** The bot's cl_ord_ids that may rest on the exchange with no txid known here: in flight, or outcome unknown. */
  of(bot: BotRunner): string[] {
    const ids: string[] = [];
    for (const [clOrdId, entry] of this.#inFlight) if (entry.bot === bot) ids.push(clOrdId);
    for (const [clOrdId, owner] of this.#unknown) if (owner === bot) ids.push(clOrdId);
    return ids;
  }

  /** How many orders may rest unknown to the session: in flight, or outcome unknown. */
  get uncertain(): number {
    return this.#inFlight.size + this.#unknown.size;
  }

  #end(clOrdId: string): void {
    if (!this.#inFlight.delete(clOrdId) || this.#inFlight.size > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}
