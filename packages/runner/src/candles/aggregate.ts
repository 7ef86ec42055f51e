import type { Decimal } from '@krakenkit/core';
import { type Candle, PackedCandle, VolumeParts } from './candle.js';

/**
 * Builds the candles of a longer interval from consecutive shorter ones (1m → 5m, 1h → 1d): open of the first,
 * highest high, lowest low, close of the last, volumes and trade counts summed. Intervals are aligned on
 * multiples of their length since the Unix epoch. A candle of the long interval is complete when its last short
 * candle arrives, or when a short candle of a later interval does (gaps: minutes without trades have no candle).
 * One begun part way through (the series was asked for mid-interval) is dropped rather than reported short.
 */
export class CandleAggregator {
  readonly #lengthMs: number;
  readonly #sourceMs: number;
  #bucket: Bucket | undefined;
  #first = true;

  constructor(lengthMs: number, sourceMs: number) {
    this.#lengthMs = lengthMs;
    this.#sourceMs = sourceMs;
  }

  /** Adds a short candle; returns the long candles it completed (the one a later interval ended, its own). */
  add(candle: Candle): Candle[] {
    const start = Math.floor(candle.time / this.#lengthMs) * this.#lengthMs;
    const done: Candle[] = [];
    if (this.#bucket !== undefined && this.#bucket.start !== start) this.#finish(done);
    if (this.#bucket === undefined) {
      this.#bucket = new Bucket(start, candle, this.#first && candle.time !== start);
      this.#first = false;
    } else this.#bucket.add(candle);
    if (candle.time + this.#sourceMs >= start + this.#lengthMs) this.#finish(done);
    return done;
  }

  #finish(done: Candle[]): void {
    const bucket = this.#bucket;
    this.#bucket = undefined;
    if (bucket !== undefined && !bucket.partial) done.push(bucket.candle());
  }
}

function priceText(candle: Candle, field: 'open' | 'high' | 'low' | 'close'): string {
  return candle instanceof PackedCandle ? candle.text[field] : candle[field].toFixed();
}

function priceNumber(candle: Candle, field: 'high' | 'low'): number {
  if (candle instanceof PackedCandle) return field === 'high' ? candle.highNumber : candle.lowNumber;
  return candle[field].toNumber();
}

// Highs and lows are compared as numbers (exact for prices of up to 15 significant digits) and kept as their text.
class Bucket {
  readonly start: number;
  readonly partial: boolean;
  readonly #open: string;
  #high: string;
  #highNumber: number;
  #low: string;
  #lowNumber: number;
  #close: string;
  /** Summed when the candle's volume is first read (most never are). */
  readonly #volumes: Array<string | Decimal | VolumeParts>;
  #trades: number;

  constructor(start: number, first: Candle, partial: boolean) {
    this.start = start;
    this.partial = partial;
    this.#open = priceText(first, 'open');
    this.#high = priceText(first, 'high');
    this.#highNumber = priceNumber(first, 'high');
    this.#low = priceText(first, 'low');
    this.#lowNumber = priceNumber(first, 'low');
    this.#close = priceText(first, 'close');
    this.#volumes = [volumeHeld(first)];
    this.#trades = first.trades;
  }

  add(candle: Candle): void {
    const high = priceNumber(candle, 'high');
    if (high > this.#highNumber) {
      this.#highNumber = high;
      this.#high = priceText(candle, 'high');
    }
    const low = priceNumber(candle, 'low');
    if (low < this.#lowNumber) {
      this.#lowNumber = low;
      this.#low = priceText(candle, 'low');
    }
    this.#close = priceText(candle, 'close');
    this.#volumes.push(volumeHeld(candle));
    this.#trades += candle.trades;
  }

  candle(): Candle {
    return new PackedCandle(
      this.start,
      { open: this.#open, high: this.#high, low: this.#low, close: this.#close },
      new VolumeParts(this.#volumes),
      this.#trades,
    );
  }
}

function volumeHeld(candle: Candle): string | Decimal | VolumeParts {
  return candle instanceof PackedCandle ? candle.volumeHeld : candle.volume;
}
