import type { PackedCandle } from '../../candles/candle.js';
import type { CandleInterval } from '../../candles/intervals.js';

/** A price the market reached: the exchange moves there and the strategies see a tick. */
export interface PricePoint {
  kind: 'price';
  /** Epoch ms. */
  at: number;
  /** The price as decimal text. */
  price: string;
}

/** A candle that closed at `at` (the end of its interval, or when a feed showed it closed). */
export interface CandleClose {
  kind: 'candle';
  at: number;
  candle: PackedCandle;
}

/** What a data file says happened, in time order. */
export type MarketEvent = PricePoint | CandleClose;

/** One pair's history from one file: a Kraken OHLCVT CSV or a `krakenkit record` file. */
export interface MarketSource {
  /** The file it was read from (as given). */
  readonly file: string;
  /** The pair as the file names it (any Kraken name: XBTUSD, XBT/USD, BTC/USD). */
  readonly pair: string;
  /** The interval of its candles, if it has any. */
  readonly interval: CandleInterval | undefined;
  /** First and last moment it covers (epoch ms; the last candle's end). */
  readonly first: number;
  readonly last: number;
  /** Its rows / messages read. */
  readonly rows: number;
  /** Its events from `from` (inclusive) to `to` (exclusive), epoch ms. */
  events(from: number, to: number): Iterable<MarketEvent>;
}
