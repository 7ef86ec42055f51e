import { INTERVALS_ASCENDING, intervalMs } from '../candles/intervals.js';

/** Bars a chart shows per pair at most: the bar length is the shortest Kraken interval that keeps within it. */
export const CHART_BARS = 2_000;

/** One bar of the chart: prices as the data's decimal text. */
export interface PriceBar {
  /** Start, epoch ms. */
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
}

/**
 * A pair's prices for the report's chart: the price points of the backtest in bars of one interval (chosen from
 * the span so a year of minutes becomes about CHART_BARS bars). High and low are compared as numbers and kept as
 * their text.
 */
export class PriceBars {
  readonly bars: PriceBar[] = [];
  readonly lengthMs: number;
  #highNumber = 0;
  #lowNumber = 0;

  constructor(spanMs: number) {
    const fits = INTERVALS_ASCENDING.find((interval) => spanMs / intervalMs(interval) <= CHART_BARS);
    this.lengthMs = intervalMs(fits ?? '15d');
  }

  /** The bar a moment falls in. */
  barOf(at: number): number {
    return Math.floor(at / this.lengthMs) * this.lengthMs;
  }

  /** A price point: `price` as text and, already read, as a number. */
  add(at: number, price: string, value = Number(price)): void {
    const time = this.barOf(at);
    const bar = this.bars[this.bars.length - 1];
    if (bar === undefined || bar.time !== time) {
      this.bars.push({ time, open: price, high: price, low: price, close: price });
      this.#highNumber = value;
      this.#lowNumber = value;
      return;
    }
    if (value > this.#highNumber) {
      this.#highNumber = value;
      bar.high = price;
    }
    if (value < this.#lowNumber) {
      this.#lowNumber = value;
      bar.low = price;
    }
    bar.close = price;
  }
}
