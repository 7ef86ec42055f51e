import { Decimal } from '@krakenkit/core';
import type { MockExchange, PairStatus } from '@krakenkit/mock-exchange';
import type { BotRunner } from '../engine/bot-runner.js';
import type { PairInfo } from '../strategies/types.js';
import { PriceBars } from './price-bars.js';

/**
 * One data pair during a replay: its latest price, whether the exchange has seen it yet, the limits of the
 * exchange's orders resting on it, and the bots that trade it. The exchange is told a price only when it can
 * matter: when a resting order may fill there, and before any order is judged or placed. Prices nobody could act
 * on are not pushed through it.
 */
export class PairMarket {
  readonly pair: PairInfo;
  /** Half the exchange's spread, around the mid it sets. */
  readonly halfSpread: Decimal;
  readonly #buys = new Map<string, number>();
  readonly #sells = new Map<string, number>();
  /** Resting stops and take-profits: they trigger on the last price, so every price is shown while they rest. */
  readonly #triggers = new Set<string>();
  #bestBuy = Number.NEGATIVE_INFINITY;
  #bestSell = Number.POSITIVE_INFINITY;
  readonly #halfSpreadNumber: number;
  readonly #tickNumber: number;
  readonly bots: BotRunner[];
  readonly bars: PriceBars;
  /** The asset this pair prices in USD for the guard (its equity and loss limits), if any. */
  readonly usdAsset: string | undefined;
  price: string | undefined;
  /** The latest price as a number (for the cheap comparisons of mayFill), read once per point. */
  #priceNumber = Number.NaN;
  at = 0;
  #exchangeSeen = true;
  readonly #exchange: MockExchange;
  /** The status the pair reopens with at its first price, while its data has not begun (closed until then). */
  #opensWith: PairStatus | undefined;

  constructor(spec: {
    pair: PairInfo;
    exchange: MockExchange;
    bots: BotRunner[];
    spanMs: number;
    usdAsset: string | undefined;
    opensWith?: PairStatus | undefined;
  }) {
    this.pair = spec.pair;
    this.#exchange = spec.exchange;
    this.#opensWith = spec.opensWith;
    this.bots = spec.bots;
    this.bars = new PriceBars(spec.spanMs);
    this.usdAsset = spec.usdAsset;
    const book = spec.exchange.bookSnapshot(spec.pair.id, 1);
    const bid = book.bids[0]?.price.toFixed();
    const ask = book.asks[0]?.price.toFixed();
    this.halfSpread =
      bid === undefined || ask === undefined ? new Decimal(0) : new Decimal(ask).minus(bid).div(2);
    this.#halfSpreadNumber = this.halfSpread.toNumber();
    this.#tickNumber = spec.pair.tickSize?.toNumber() ?? 0;
  }

  /** An order of the pair on the exchange changed (placed, filled, cancelled): its limit is noted while it rests. */
  order(txid: string, state: { open: boolean; side: 'buy' | 'sell'; limit: number | undefined }): void {
    this.#buys.delete(txid);
    this.#sells.delete(txid);
    this.#triggers.delete(txid);
    if (state.open) {
      if (state.limit === undefined) this.#triggers.add(txid);
      else (state.side === 'buy' ? this.#buys : this.#sells).set(txid, state.limit);
    }
    this.#bestBuy = Math.max(Number.NEGATIVE_INFINITY, ...this.#buys.values());
    this.#bestSell = Math.min(Number.POSITIVE_INFINITY, ...this.#sells.values());
  }

  /** Whether orders rest on the pair. */
  get resting(): boolean {
    return this.#buys.size + this.#sells.size + this.#triggers.size > 0;
  }

  /**
   * Whether a resting order could fill at the latest price: a buy fills once the ask (mid + half the spread)
   * reaches its limit, a sell once the bid does; a stop may trigger at any price. Compared as numbers with a
   * margin, so a price that might fill is always shown to the exchange, which decides.
   */
  get mayFill(): boolean {
    if (this.#triggers.size > 0) return true;
    if (this.#buys.size === 0 && this.#sells.size === 0) return false;
    const price = this.#priceNumber;
    const mid = this.#tickNumber > 0 ? Math.round(price / this.#tickNumber) * this.#tickNumber : price;
    const slack = Math.abs(mid) * 1e-9 + this.#tickNumber;
    return (
      mid + this.#halfSpreadNumber <= this.#bestBuy + slack ||
      mid - this.#halfSpreadNumber >= this.#bestSell - slack
    );
  }

  /** The market is at `price` now. */
  move(at: number, price: string): void {
    // The pair's data begins: orders on it are taken from now on, at this price (shown before any is judged).
    if (this.#opensWith !== undefined) {
      this.#exchange.setPairStatus(this.pair.id, this.#opensWith);
      this.#opensWith = undefined;
    }
    this.at = at;
    if (price !== this.price) {
      this.price = price;
      this.#priceNumber = Number(price);
      this.#exchangeSeen = false;
    }
    this.bars.add(at, price, this.#priceNumber);
  }

  /** Moves the exchange's market to the latest price if it has not seen it (its resting orders match there). */
  showExchange(exchange: MockExchange): void {
    if (this.#exchangeSeen || this.price === undefined) return;
    this.#exchangeSeen = true;
    exchange.setPrice(this.pair.id, this.price);
  }
}
