import { type Decimal, ZERO } from '../core/decimal.js';

/** One-minute candle of the simulated market. */
export interface Candle {
  /** Minute start, epoch seconds. */
  time: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
  /** Σ price × volume, for vwap. */
  notional: Decimal;
  count: number;
}

/** A public trade (the Trades endpoint and the WS trade channel). */
export interface PublicTrade {
  price: Decimal;
  volume: Decimal;
  /** Epoch ms. */
  time: number;
  side: 'b' | 's';
  type: 'm' | 'l';
  id: number;
}

export interface SpreadPoint {
  /** Epoch seconds. */
  time: number;
  bid: Decimal;
  ask: Decimal;
}

const MAX_CANDLES = 10_080; // one week of minutes
const MAX_TRADES = 1_000;
const MAX_SPREADS = 1_000;

/** Bounded market history of one pair: minute candles, recent trades, recent spreads. */
export class MarketHistory {
  readonly candles: Candle[] = [];
  readonly trades: PublicTrade[] = [];
  readonly spreads: SpreadPoint[] = [];

  recordTrade(trade: PublicTrade): void {
    push(this.trades, trade, MAX_TRADES);
    const minute = Math.floor(trade.time / 60_000) * 60;
    const candle = this.#candleAt(minute, trade.price);
    candle.high = trade.price.greaterThan(candle.high) ? trade.price : candle.high;
    candle.low = trade.price.lessThan(candle.low) ? trade.price : candle.low;
    candle.close = trade.price;
    candle.volume = candle.volume.plus(trade.volume);
    candle.notional = candle.notional.plus(trade.price.times(trade.volume));
    candle.count += 1;
  }

  recordSpread(point: SpreadPoint): void {
    push(this.spreads, point, MAX_SPREADS);
  }

  #candleAt(minute: number, price: Decimal): Candle {
    const last = this.candles[this.candles.length - 1];
    if (last !== undefined && last.time === minute) return last;
    const open = last?.close ?? price;
    const candle: Candle = {
      time: minute,
      open,
      high: open,
      low: open,
      close: open,
      volume: ZERO,
      notional: ZERO,
      count: 0,
    };
    push(this.candles, candle, MAX_CANDLES);
    return candle;
  }
}

/** Appends and trims in batches (a quarter of `max` at a time) so trimming stays amortised O(1). */
function push<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max + (max >> 2)) list.splice(0, list.length - max);
}
