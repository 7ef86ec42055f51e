import { CandleAggregator } from './aggregate.js';
import type { Candle } from './candle.js';
import { CandleSeries } from './candle-series.js';
import { type CandleInterval, INTERVALS_ASCENDING, intervalMs } from './intervals.js';

/** Candles kept per series when nobody says how many. */
export const DEFAULT_CANDLE_KEEP = 500;

/** The candle series a bot reads: which intervals (of each of its pairs) and how many closed candles each keeps. */
export interface CandleNeeds {
  intervals: readonly CandleInterval[];
  /** Closed candles kept per series (default 500). */
  keep?: number;
}

/** A series that its feed can never fill (a backtest's data is of a longer interval, or of another pair). */
export class CandlesUnavailableError extends Error {
  override name = 'CandlesUnavailableError';
  readonly code = 'KRAKENKIT_CANDLES_UNAVAILABLE';
}

interface PairSource {
  interval: CandleInterval;
  /** Longer series of the pair, built from the source interval. */
  aggregators: Map<CandleInterval, CandleAggregator>;
}

/**
 * Every candle series of a session, by pair id and interval: one ring per series, however many bots read it (it
 * keeps the largest `keep` any of them declared). A feed writes candles in: `ingest` a closed candle of a pair's
 * source interval (REST OHLC history at start, a backtest's data) and every declared longer interval it divides is
 * built from it; `observe` a live update of the candle still forming. Strategies read it through their view.
 */
export class CandleBook {
  readonly #series = new Map<string, CandleSeries>();
  readonly #sources = new Map<string, PairSource>();
  readonly #defaultKeep: number;
  /** Pairs whose source interval is fixed (a backtest): series it cannot build are refused. */
  readonly #strict: boolean;

  constructor(options: { defaultKeep?: number; strict?: boolean } = {}) {
    this.#defaultKeep = options.defaultKeep ?? DEFAULT_CANDLE_KEEP;
    this.#strict = options.strict ?? false;
  }

  /**
   * The pair's candles arrive at `interval` (a backtest's data file, a live subscription): longer series are built
   * from them. Declare sources before series of the pair are read.
   */
  source(pair: string, interval: CandleInterval): void {
    const existing = this.#sources.get(pair);
    if (existing !== undefined && existing.interval !== interval)
      throw new CandlesUnavailableError(
        `${pair}: candles come at ${existing.interval} already; a second source at ${interval} is not supported`,
      );
    if (existing === undefined) this.#sources.set(pair, { interval, aggregators: new Map() });
    for (const series of this.#series.values()) if (series.pair === pair) this.#attach(series);
  }

  /** Sets up a series before it is read (its ring holds at least `keep`), so it fills from the first candle on. */
  declare(pair: string, needs: CandleNeeds): void {
    const keep = needs.keep ?? this.#defaultKeep;
    for (const interval of needs.intervals) {
      const key = keyOf(pair, interval);
      const existing = this.#series.get(key);
      if (existing !== undefined && existing.keep >= keep) continue;
      if (existing !== undefined && existing.length > 0)
        throw new CandlesUnavailableError(`${pair} ${interval}: declare every series before candles arrive`);
      this.#create(pair, interval, keep);
    }
  }

  /** The series of a pair and interval, set up on first use (then it fills from the next candle on). */
  series(pair: string, interval: CandleInterval): CandleSeries {
    return this.#series.get(keyOf(pair, interval)) ?? this.#create(pair, interval, this.#defaultKeep);
  }

  /** The series set up so far. */
  all(): CandleSeries[] {
    return [...this.#series.values()];
  }

  /**
   * A closed candle of the pair at its source interval: pushed to that series (if anyone reads it) and added to
   * every longer series built from it.
   */
  ingest(pair: string, candle: Candle): void {
    const source = this.#sources.get(pair);
    if (source === undefined) throw new CandlesUnavailableError(`${pair}: no candle source declared`);
    this.#series.get(keyOf(pair, source.interval))?.push(candle);
    if (source.aggregators.size === 0) return;
    for (const [interval, aggregator] of source.aggregators) {
      const series = this.#series.get(keyOf(pair, interval));
      for (const done of aggregator.add(candle)) series?.push(done);
    }
  }

  /** A live update of the candle forming in a series (see CandleSeries.observe). */
  observe(pair: string, interval: CandleInterval, candle: Candle): void {
    this.series(pair, interval).observe(candle);
  }

  /** Closes every forming candle whose interval has ended by `now` (live feeds, when no update came). */
  closeUntil(now: number): void {
    for (const series of this.#series.values()) series.closeUntil(now);
  }

  #create(pair: string, interval: CandleInterval, keep: number): CandleSeries {
    const series = new CandleSeries(pair, interval, keep);
    this.#series.set(keyOf(pair, interval), series);
    this.#attach(series);
    return series;
  }

  // A series longer than its pair's source is built by an aggregator; one the source cannot build is refused when
  // the source is fixed (a backtest), since nothing else would ever fill it.
  #attach(series: CandleSeries): void {
    const source = this.#sources.get(series.pair);
    if (source === undefined) {
      if (this.#strict) throw new CandlesUnavailableError(`no candles of ${series.pair} in the data`);
      return;
    }
    if (series.interval === source.interval) return;
    const length = intervalMs(series.interval);
    const step = intervalMs(source.interval);
    if (length < step || length % step !== 0) {
      this.#series.delete(keyOf(series.pair, series.interval));
      throw new CandlesUnavailableError(
        `${series.pair}: ${series.interval} candles cannot be built from ${source.interval} candles (${buildable(source.interval)})`,
      );
    }
    if (!source.aggregators.has(series.interval))
      source.aggregators.set(series.interval, new CandleAggregator(length, step));
  }
}

function keyOf(pair: string, interval: CandleInterval): string {
  return `${pair}|${interval}`;
}

function buildable(source: CandleInterval): string {
  const step = intervalMs(source);
  const list = INTERVALS_ASCENDING.filter((interval) => intervalMs(interval) % step === 0);
  return `from ${source}: ${list.join(', ')}`;
}
