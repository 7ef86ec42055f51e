import { Decimal } from 'decimal.js';
import { BotRunner } from '../../src/engine/bot-runner.js';
import type { OrderRequest, PairInfo, Strategy, StrategyAction } from '../../src/strategies/types.js';

/** XBT/USD as the mock exchange lists it. */
export const XBT_USD: PairInfo = {
  id: 'XXBTZUSD',
  altname: 'XBTUSD',
  wsname: 'XBT/USD',
  base: 'XXBT',
  quote: 'ZUSD',
  tickSize: new Decimal('0.1'),
  pairDecimals: 1,
  lotDecimals: 8,
  orderMin: new Decimal('0.00005'),
  costMin: new Decimal('0.5'),
  leverageBuy: [2, 3, 4, 5],
  leverageSell: [2, 3, 4, 5],
  longPositionLimit: undefined,
  shortPositionLimit: undefined,
  status: 'online',
};

/**
 * Drives a strategy through the runner's own BotRunner with a scripted clock and prices, playing the exchange:
 * every placed order is accepted (unless the test rejects it), fills happen when the test says so.
 */
export class StrategyHarness {
  readonly bot: BotRunner;
  now = 1_700_000_000_000;
  #txid = 0;

  constructor(
    strategy: Strategy,
    readonly pair: PairInfo = XBT_USD,
  ) {
    this.bot = new BotRunner({
      name: 'test',
      strategyName: 'test',
      key: 'k',
      pairs: [pair],
      strategy,
      now: () => this.now,
    });
  }

  /** A tick at `mid` with a one-tick spread; `afterMs` moves the clock first. Returns the placed orders. */
  tick(mid: string, afterMs = 1_000): OrderRequest[] {
    this.now += afterMs;
    const m = new Decimal(mid);
    const half = this.pair.tickSize!.div(2);
    return this.#accept(
      this.bot.tick({
        pair: this.pair,
        bid: m.minus(half),
        ask: m.plus(half),
        mid: m,
        last: m,
        at: this.now,
      }),
    );
  }

  /** Fills an open order (all of it unless `volume` is given) at its price (or `price`). */
  fill(tag: string, options: { volume?: string; price?: string } = {}): OrderRequest[] {
    const order = this.bot.order(tag);
    if (order === undefined) throw new Error(`no open order ${tag}`);
    const volume =
      options.volume === undefined ? order.request.volume.minus(order.filled) : new Decimal(options.volume);
    const price = new Decimal(
      options.price ?? order.request.price ?? this.bot.market(this.pair.id)?.mid ?? '0',
    );
    const complete = order.filled.plus(volume).gte(order.request.volume);
    return this.#accept(
      this.bot.filled({
        tag,
        pair: this.pair,
        side: order.request.side,
        volume,
        price,
        fee: new Decimal(0),
        complete,
        margin: order.request.leverage !== undefined,
        at: this.now,
      }),
    );
  }

  /** The guard (or exchange) refuses an order that was just placed. */
  reject(tag: string, code = 'EOrder:Margin allowance exceeded'): OrderRequest[] {
    return this.#accept(this.bot.ended({ tag, reason: 'guard-rejected', code, at: this.now }));
  }

  open(): OrderRequest[] {
    return this.bot.openOrders().map((order) => order.request);
  }

  #accept(actions: StrategyAction[]): OrderRequest[] {
    const placed: OrderRequest[] = [];
    for (const action of actions) {
      if (action.type !== 'place' || !this.bot.pending(action.order)) continue;
      this.#txid += 1;
      this.bot.accepted(action.order.tag, `TX${this.#txid}`);
      placed.push(action.order);
    }
    return placed;
  }
}
