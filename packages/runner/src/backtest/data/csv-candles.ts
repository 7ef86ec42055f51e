import { Decimal } from '@krakenkit/core';
import { MAX_DATA_BYTES, readBoundedFile } from '@krakenkit/core/files';
import { PackedCandle } from '../../candles/candle.js';
import { type CandleInterval, intervalMs } from '../../candles/intervals.js';
import { CsvRowScanner } from './csv-row.js';
import { BacktestDataError } from './data-error.js';
import type { MarketEvent, MarketSource } from './market-source.js';
import { pricePath } from './price-path.js';

const FIELDS = ['timestamp', 'open', 'high', 'low', 'close', 'volume', 'trades'] as const;
const SECONDS = /^\d{1,11}$/;
const DECIMAL = /^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const COUNT = /^\d{1,15}$/;
const CR = 13;

/**
 * Kraken's downloadable OHLCVT CSV of one pair at one interval: no header, one candle per line,
 * `timestamp,open,high,low,close,volume,trades` with the timestamp in whole seconds at the start of the interval.
 * Every row is checked before the backtest starts (a bad one is a BacktestDataError naming file:line and the
 * field); the file is then replayed from its text, one candle at a time, so a year of minutes costs one string.
 */
export class CsvCandleSource implements MarketSource {
  readonly file: string;
  readonly pair: string;
  readonly interval: CandleInterval;
  readonly first: number;
  readonly last: number;
  readonly rows: number;
  readonly #text: string;
  readonly #stepMs: number;

  constructor(
    file: string,
    pair: string,
    interval: CandleInterval,
    text = readBoundedFile(file, MAX_DATA_BYTES).toString('latin1'),
  ) {
    this.file = file;
    this.pair = pair;
    this.interval = interval;
    this.#text = text;
    this.#stepMs = intervalMs(interval);
    const { rows, first, last } = this.#check();
    this.rows = rows;
    this.first = first;
    this.last = last + this.#stepMs;
  }

  *events(from: number, to: number): Iterable<MarketEvent> {
    const quarter = this.#stepMs / 4;
    const text = this.#text;
    const row = new CsvRowScanner(FIELDS.length);
    let start = 0;
    while (start < text.length) {
      const end = lineEnd(text, start);
      const stop = withoutCr(text, start, end);
      const lineStart = start;
      start = end + 1;
      if (stop === lineStart) continue;
      row.split(text, lineStart, stop);
      const time = Number(row.field(text, 0)) * 1000;
      if (time < from) continue;
      // A candle that ends after `to` is left out whole: its low, high and close may come after `to`.
      if (time + this.#stepMs > to) return;
      const candle = candleOf(time, row, text);
      const path = pricePath(candle);
      for (let k = 0; k < 4; k += 1)
        yield { kind: 'price', at: time + k * quarter, price: path[k] as string };
      yield { kind: 'candle', at: time + this.#stepMs, candle };
    }
  }

  #check(): { rows: number; first: number; last: number } {
    const text = this.#text;
    let rows = 0;
    let first = 0;
    let previous = -1;
    let line = 0;
    let start = 0;
    const row = new CsvRowScanner(FIELDS.length);
    while (start < text.length) {
      const end = lineEnd(text, start);
      line += 1;
      const stop = withoutCr(text, start, end);
      const lineStart = start;
      start = end + 1;
      if (stop === lineStart) continue;
      const time =
        this.#quickRow(row, text, lineStart, stop, previous) ??
        this.#checkRow(text.slice(lineStart, stop).split(','), line, previous);
      if (rows === 0) first = time;
      previous = time;
      rows += 1;
    }
    if (rows === 0) throw new BacktestDataError(this.file, 'no candles in the file');
    return { rows, first, last: previous };
  }

  // The usual row (plain decimals, in order) checked where it lies in the text; undefined for anything else,
  // which #checkRow then accepts or names the field of. It accepts no row #checkRow would refuse.
  #quickRow(
    row: CsvRowScanner,
    text: string,
    start: number,
    end: number,
    previous: number,
  ): number | undefined {
    if (!row.scan(text, start, end) || row.exponent) return undefined;
    if (!row.digits(0, 11) || !row.digits(6, 15)) return undefined;
    for (let field = 1; field <= 5; field += 1) if (!row.plainDecimal(field)) return undefined;
    const time = Number(row.field(text, 0)) * 1000;
    if (time % this.#stepMs !== 0 || time <= previous) return undefined;
    const o = Number(row.field(text, 1));
    const h = Number(row.field(text, 2));
    const l = Number(row.field(text, 3));
    const c = Number(row.field(text, 4));
    if (!(o > 0 && h > 0 && l > 0 && c > 0 && Math.max(o, h, l, c) < Number.POSITIVE_INFINITY))
      return undefined;
    if (h < o || h < l || h < c || l > o || l > c) return undefined;
    return time;
  }

  // One row's fields checked; returns its time (ms).
  #checkRow(fields: readonly string[], line: number, previous: number): number {
    if (fields.length !== FIELDS.length)
      this.#fail(
        line,
        'row',
        `expected ${FIELDS.length} fields (${FIELDS.join(', ')}), got ${fields.length}`,
      );
    const [stamp, open, high, low, close, volume, trades] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!SECONDS.test(stamp))
      this.#fail(
        line,
        'timestamp',
        `expected whole seconds since the epoch, got ${shown(stamp)} (Kraken's files have no header row)`,
      );
    const time = Number(stamp) * 1000;
    if (time % this.#stepMs !== 0)
      this.#fail(
        line,
        'timestamp',
        `${stamp} is not the start of a ${this.interval} interval (is the interval right?)`,
      );
    if (time <= previous)
      this.#fail(line, 'timestamp', `${stamp} is not later than the row before (rows must be in time order)`);
    const o = this.#price(line, 'open', open);
    const h = this.#price(line, 'high', high);
    const l = this.#price(line, 'low', low);
    const c = this.#price(line, 'close', close);
    if (h < o || h < l || h < c)
      this.#fail(line, 'high', `${high} is below the open, low or close of the row`);
    if (l > o || l > c) this.#fail(line, 'low', `${low} is above the open or close of the row`);
    if (!DECIMAL.test(volume))
      this.#fail(line, 'volume', `expected a volume of 0 or more, got ${shown(volume)}`);
    if (!COUNT.test(trades))
      this.#fail(line, 'trades', `expected a whole number of trades, got ${shown(trades)}`);
    return time;
  }

  #price(line: number, field: string, text: string): number {
    const value = Number(text);
    if (!DECIMAL.test(text) || !(value > 0))
      this.#fail(line, field, `expected a price above 0, got ${shown(text)}`);
    // Past the largest double the row's comparisons would hold for any other price.
    if (value === Number.POSITIVE_INFINITY)
      this.#fail(line, field, `${shown(text)} is too large for a price`);
    return value;
  }

  #fail(line: number, field: string, problem: string): never {
    throw new BacktestDataError(this.file, problem, { line, field });
  }
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

// Prices in exponent form (1e-05) are rewritten as plain decimal text, the only form the exchange takes.
function plain(text: string): string {
  return text.includes('e') || text.includes('E') ? new Decimal(text).toFixed() : text;
}

// The end of a line without the \r of a CRLF file.
function withoutCr(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
}

// The candle of a checked row (its fields found by `row`).
function candleOf(time: number, row: CsvRowScanner, text: string): PackedCandle {
  const prices = {
    open: plain(row.field(text, 1)),
    high: plain(row.field(text, 2)),
    low: plain(row.field(text, 3)),
    close: plain(row.field(text, 4)),
  };
  return new PackedCandle(time, prices, plain(row.field(text, 5)), Number(row.field(text, 6)));
}

function shown(value: string | undefined): string {
  if (value === undefined) return 'nothing';
  return value.length > 40 ? `"${value.slice(0, 40)}…" (${value.length} characters)` : JSON.stringify(value);
}
