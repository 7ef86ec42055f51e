import { type CallOptions, type OrderInfo, QUERY_ORDERS_MAX, RateLimitError } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import type { GuardEvent } from '@krakenkit/guard';
import type { OrderEnded, PairInfo, Side } from '../strategies/types.js';
import type { BotRunner } from './bot-runner.js';
import type { BotClient } from './connect.js';
import { hasRoutineRoom, POLL_RESERVE } from './routine-room.js';
import type { SessionGuard } from './session-guard.js';

const ZERO = new Decimal(0);
/** Significant digits of a fill price told to the guard. */
const GUARD_PRICE_DIGITS = 30;

/** An order the runner placed and watches until it ends. */
export interface WatchedOrder {
  txid: string;
  /** The client order id it was sent with (its record in the state store). */
  clOrdId?: string;
  bot: BotRunner;
  tag: string;
  pair: PairInfo;
  side: Side;
  margin: boolean;
  volume: Decimal;
  /** What the exchange had reported as executed when last seen. */
  volExec: Decimal;
  cost: Decimal;
  fee: Decimal;
}

/** What a poll found: a (partial) fill, or the end of an order. */
export type OrderUpdate =
  | {
      kind: 'fill';
      order: WatchedOrder;
      volume: Decimal;
      price: Decimal;
      fee: Decimal;
      complete: boolean;
      at: number;
    }
  | { kind: 'ended'; order: WatchedOrder; ended: OrderEnded };

/**
 * Told that the guard could not record an outcome (a state store out, for a shared guard). The bots still hear
 * of it; the guard's reservation stays held (failing closed) until a reconcile shows what the exchange holds.
 * Default: thrown.
 */
export type GuardProblem = (error: unknown, event: GuardEvent) => void;

/**
 * Watches the runner's open orders with QueryOrders (one REST call per key per 50 orders), turns growth of
 * `vol_exec` into fills (price and fee from the growth of `cost` and `fee`) and feeds fills and ends to the guard
 * (`order-filled`, `order-cancelled`), so its pools follow the exchange between reconciliations.
 */
export class OrderTracker {
  readonly #orders = new Map<string, WatchedOrder>();
  readonly #clients: ReadonlyMap<string, BotClient>;
  readonly #guard: SessionGuard;
  readonly #now: () => number;
  readonly #problem: GuardProblem;

  constructor(
    clients: ReadonlyMap<string, BotClient>,
    guard: SessionGuard,
    now: () => number,
    problem: GuardProblem = (error) => {
      throw error;
    },
  ) {
    this.#clients = clients;
    this.#guard = guard;
    this.#now = now;
    this.#problem = problem;
  }

  /** Watches an order; `seen` is what had filled when last looked at (an order adopted after a restart). */
  watch(
    order: Omit<WatchedOrder, 'volExec' | 'cost' | 'fee'>,
    seen: Pick<WatchedOrder, 'volExec' | 'cost' | 'fee'> = { volExec: ZERO, cost: ZERO, fee: ZERO },
  ): void {
    this.#orders.set(order.txid, { ...order, ...seen });
  }

  /** Stops watching a bot's orders (it lost its lease: another session watches them now). */
  forget(bot: BotRunner): void {
    for (const [txid, order] of this.#orders) if (order.bot === bot) this.#orders.delete(txid);
  }

  get size(): number {
    return this.#orders.size;
  }

  /**
   * Queries the watched orders and returns what changed. Unless `force`d, a key whose REST counter has no room
   * for the calls (plus a reserve for reconciliation and shutdown) is skipped this time, as is one the limiter
   * finds has no room after all (the key's other processes used it): polling then runs at the rate Kraken's
   * counter decays, and never makes the loop wait on the rate limiter. `options` go with each call
   * (a stopping session's signal).
   */
  async poll(force = false, options: CallOptions = {}): Promise<OrderUpdate[]> {
    const updates: OrderUpdate[] = [];
    const outcomes: GuardEvent[] = [];
    try {
      for (const [key, txids] of this.#byKey()) {
        const client = this.#clients.get(key);
        if (client === undefined) continue;
        const calls = Math.ceil(txids.length / QUERY_ORDERS_MAX);
        if (!force && !hasRoutineRoom(client, calls, POLL_RESERVE)) continue;
        // A routine poll leaves the limiter's reserve to one-off calls (other processes' start-ups, lookups), and
        // is skipped rather than held when the key's counter (other processes' use included) has no room after all.
        const callOptions = force ? options : { ...options, background: true, failFast: true };
        try {
          for (let start = 0; start < txids.length; start += QUERY_ORDERS_MAX) {
            const txid = txids.slice(start, start + QUERY_ORDERS_MAX);
            const result = await client.queryOrders({ txid }, callOptions);
            for (const [txid, info] of Object.entries(result))
              updates.push(...this.#observe(txid, info, true, outcomes));
          }
        } catch (error) {
          if (force || !(error instanceof RateLimitError)) throw error;
        }
      }
    } finally {
      // What was observed is no longer watched as before: the guard hears of it even if a later call failed.
      await this.#record(outcomes);
    }
    return updates;
  }

  /**
   * Takes in OpenOrders data right after the guard was reconciled from it: fills found here are reported to the
   * bots but not to the guard (its state already includes them).
   */
  async absorb(open: Readonly<Record<string, OrderInfo>>): Promise<OrderUpdate[]> {
    const outcomes: GuardEvent[] = [];
    const updates = Object.entries(open).flatMap(([txid, info]) =>
      this.#observe(txid, info, false, outcomes),
    );
    await this.#record(outcomes);
    return updates;
  }

  // In the order observed; with a shared guard each is journaled (it answers with a promise).
  async #record(outcomes: readonly GuardEvent[]): Promise<void> {
    for (const event of outcomes) {
      try {
        await this.#guard.apply(event);
      } catch (error) {
        this.#problem(error, event);
      }
    }
  }

  #observe(txid: string, info: OrderInfo, toGuard: boolean, outcomes: GuardEvent[]): OrderUpdate[] {
    const order = this.#orders.get(txid);
    if (order === undefined) return [];
    const at = this.#now();
    const updates: OrderUpdate[] = [];
    const volExec = new Decimal(info.vol_exec);
    const done = info.status === 'closed' || info.status === 'canceled' || info.status === 'expired';
    if (volExec.gt(order.volExec)) {
      const volume = volExec.minus(order.volExec);
      const cost = new Decimal(info.cost);
      const fee = new Decimal(info.fee);
      const price = cost.minus(order.cost).div(volume);
      const paid = fee.minus(order.fee);
      // A rebate (negative fee) is left out of the guard's PnL: never counting a gain it cannot check.
      // An average price (cost ÷ volume) may carry all 64 digits: more than decimal text (and so a shared guard's
      // journal) may hold. 30 significant digits value any position exactly enough. Fills found at reconciliation
      // are in the guard's positions already: they only count in the PnL (loss limits).
      const fill = {
        volume,
        price: price.toSignificantDigits(GUARD_PRICE_DIGITS),
        ...(paid.isNegative() ? {} : { fee: paid }),
      };
      // With the order's executed total, a fill a reconcile already took in is not counted again.
      if (toGuard) outcomes.push({ type: 'order-filled', order: txid, ...fill, filledTotal: volExec });
      else {
        const { pair, side, margin, bot } = order;
        outcomes.push({ type: 'trade', pair: pair.id, side, margin, bot: bot.name, ...fill });
      }
      const complete = done && volExec.gte(new Decimal(info.vol));
      updates.push({ kind: 'fill', order, volume, price, fee: fee.minus(order.fee), complete, at });
      Object.assign(order, { volExec, cost, fee });
    }
    if (done) {
      this.#orders.delete(txid);
      if (volExec.lt(new Decimal(info.vol))) {
        if (toGuard) outcomes.push({ type: 'order-cancelled', order: txid });
        const reason = info.status === 'expired' ? 'expired' : 'cancelled';
        const closed = info as OrderInfo & { reason?: string | null };
        const ended: OrderEnded = {
          tag: order.tag,
          reason,
          at,
          ...(closed.reason ? { message: closed.reason } : {}),
        };
        updates.push({ kind: 'ended', order, ended });
      }
    }
    return updates;
  }

  #byKey(): Map<string, string[]> {
    const byKey = new Map<string, string[]>();
    for (const order of this.#orders.values()) {
      const list = byKey.get(order.bot.key) ?? [];
      list.push(order.txid);
      byKey.set(order.bot.key, list);
    }
    return byKey;
  }
}
