import { Decimal } from '@krakenkit/core';
import type { MockExchange } from '@krakenkit/mock-exchange';
import type { SessionEvent, SessionEvents } from '../engine/session-events.js';
import { countRefusals, Tally } from '../engine/tally.js';
import type { Fill, Side } from '../strategies/types.js';
import { BACKTEST_ACCOUNT } from './backtest-exchange.js';
import { BacktestLedger, type PositionBook } from './ledger.js';

const ZERO = new Decimal(0);
/** Warnings kept for the report (the first ones; the rest are counted). */
const WARNINGS_KEPT = 50;

/** One fill of a backtest. */
export interface BacktestTrade {
  at: number;
  bot: string;
  /** Pair id. */
  pair: string;
  side: Side;
  volume: Decimal;
  price: Decimal;
  fee: Decimal;
  margin: boolean;
  /** The strategy's tag of the order. */
  tag: string;
}

/**
 * Everything a backtest reports that happens along the way: fills (into the ledger and the trade list), refusals
 * by the guard and the exchange by reason, orders that failed, warnings, and the margin costs the exchange charged
 * beyond trading fees (opening and rollover fees, from its ledger).
 */
export class BacktestCollector {
  readonly ledger = new BacktestLedger();
  readonly trades: BacktestTrade[] = [];
  readonly guardRefusals = new Tally();
  readonly exchangeRefusals = new Tally();
  readonly failures = new Tally();
  readonly warnings: string[] = [];
  warningCount = 0;
  readonly #marginLedgerFees = new Map<string, Decimal>();
  readonly #marginFillFees = new Map<string, Decimal>();
  #placed = 0;

  constructor(
    events: SessionEvents,
    exchange: MockExchange,
    listener: { filled(book: PositionBook): void; charged(): void },
  ) {
    events.on((event) => {
      this.#take(event);
      if (event.type === 'fill') listener.filled(this.ledger.record(event.bot, event.fill));
    });
    exchange.on('ledger', ({ accountId, entry }) => {
      if (accountId !== BACKTEST_ACCOUNT || (entry.type !== 'margin' && entry.type !== 'rollover')) return;
      add(this.#marginLedgerFees, entry.asset, new Decimal(entry.fee.toFixed()));
      listener.charged();
    });
  }

  /** Orders the exchange accepted. */
  get placed(): number {
    return this.#placed;
  }

  /**
   * Margin costs beyond trading fees, by asset: the exchange's margin and rollover ledger fees less the trading
   * fees of margin fills (which its margin entries include): opening fees and rollovers.
   */
  marginCosts(): Map<string, Decimal> {
    const costs = new Map<string, Decimal>();
    for (const [asset, fees] of this.#marginLedgerFees) {
      const cost = fees.minus(this.#marginFillFees.get(asset) ?? ZERO);
      if (!cost.isZero()) costs.set(asset, cost);
    }
    return costs;
  }

  #take(event: SessionEvent): void {
    countRefusals(event, this.guardRefusals, this.exchangeRefusals);
    if (event.type === 'placed') this.#placed += 1;
    else if (event.type === 'order-failed') this.failures.add(event.code);
    else if (event.type === 'fill') this.#fill(event.bot, event.fill);
    else if (event.type === 'warning' || event.type === 'halted') {
      this.warningCount += 1;
      const text = event.type === 'halted' ? `halted: ${event.code}: ${event.message}` : event.message;
      if (this.warnings.length < WARNINGS_KEPT) this.warnings.push(text);
    }
  }

  #fill(bot: string, fill: Fill): void {
    this.trades.push({
      at: fill.at,
      bot,
      pair: fill.pair.id,
      side: fill.side,
      volume: fill.volume,
      price: fill.price,
      fee: fill.fee,
      margin: fill.margin,
      tag: fill.tag,
    });
    if (fill.margin) add(this.#marginFillFees, fill.pair.quote, fill.fee);
  }
}

function add(sums: Map<string, Decimal>, key: string, amount: Decimal): void {
  sums.set(key, (sums.get(key) ?? ZERO).plus(amount));
}
