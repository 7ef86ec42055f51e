import type { OHLCResult, OhlcCandle } from '@krakenkit/client';
import type { WsCandle } from '@krakenkit/client/ws';
import { type Candle, candleOf } from '../candles/candle.js';
import type { CandleBook } from '../candles/candle-book.js';
import {
  CANDLE_INTERVALS,
  type CandleInterval,
  intervalMs,
  intervalOfMinutes,
} from '../candles/intervals.js';

/** The REST call candles come from (the guarded client passes it through). */
export interface OhlcSource {
  ohlc(params: {
    pair: string;
    interval: (typeof CANDLE_INTERVALS)[CandleInterval];
    since?: number;
  }): Promise<OHLCResult>;
}

/** One series the session feeds: a pair (AssetPairs id) and an interval. */
export interface FollowedSeries {
  pair: string;
  interval: CandleInterval;
}

// After a candle's interval ends, REST is asked for it this much later (the exchange commits it first).
const REST_GRACE_MS = 2_000;
// A REST refresh that failed is tried again after this long.
const RETRY_MS = 10_000;

/**
 * Feeds the session's CandleBook from the exchange: each series' history from REST OHLC at start (up to 720
 * candles; the last one is still forming), then live updates (the WebSocket `ohlc` channel's candles), and, while
 * the socket does not feed them (down, its `ohlc` subscription refused, or `run.marketData: rest`), REST OHLC again
 * once each interval has ended.
 * Every candle goes through `CandleBook.observe`: a later candle closes the one forming, a candle of the same
 * interval corrects it, an earlier one is ignored, so history, live updates and catch-up overlap safely.
 */
export class LiveCandles {
  readonly #book: CandleBook;
  readonly #rest: OhlcSource;
  readonly #now: () => number;
  readonly #warn: (message: string) => void;
  readonly #followed = new Map<string, FollowedSeries>();
  /** When each series may next be refreshed from REST (epoch ms). */
  readonly #due = new Map<string, number>();
  readonly #failing = new Set<string>();
  /** Socket candles that came before the history they follow was loaded (replayed after it). */
  #held: Array<[string, WsCandle]> | undefined = [];

  constructor(book: CandleBook, rest: OhlcSource, now: () => number, warn: (message: string) => void) {
    this.#book = book;
    this.#rest = rest;
    this.#now = now;
    this.#warn = warn;
  }

  /** Series fed now. */
  get followed(): FollowedSeries[] {
    return [...this.#followed.values()];
  }

  /** Starts feeding a series (returns false when it is fed already). */
  follow(pair: string, interval: CandleInterval): boolean {
    const key = keyOf(pair, interval);
    if (this.#followed.has(key)) return false;
    this.#followed.set(key, { pair, interval });
    return true;
  }

  /** Series strategies have read without declaring them: fed from now on (history included). */
  discover(): FollowedSeries[] {
    const found: FollowedSeries[] = [];
    for (const series of this.#book.all())
      if (this.follow(series.pair, series.interval))
        found.push({ pair: series.pair, interval: series.interval });
    return found;
  }

  /**
   * Loads the history of `series` (default every series followed) from REST OHLC, one call each; socket candles
   * that came meanwhile are applied after it (a live candle first would make the history look late and be
   * ignored).
   */
  async loadHistory(series: readonly FollowedSeries[] = this.followed, signal?: AbortSignal): Promise<void> {
    for (const { pair, interval } of series) {
      if (signal?.aborted) break;
      await this.#fetch(pair, interval, undefined, this.#now());
    }
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const [pair, candle] of held) this.socketCandle(pair, candle);
  }

  /** A candle from the WebSocket `ohlc` channel. */
  socketCandle(pair: string, candle: WsCandle): void {
    if (this.#held !== undefined) {
      this.#held.push([pair, candle]);
      return;
    }
    const interval = intervalOfMinutes(candle.interval);
    if (interval === undefined || !this.#followed.has(keyOf(pair, interval))) return;
    const time = Date.parse(candle.interval_begin);
    if (!Number.isFinite(time)) return;
    this.#book.observe(
      pair,
      interval,
      candleOf({
        time,
        open: candle.open,
        high: candle.high,
        low: candle.low,
        close: candle.close,
        volume: candle.volume,
        trades: candle.trades ?? 0,
        vwap: candle.vwap,
      }),
    );
  }

  /**
   * REST catch-up while the socket feeds no candles: each series whose interval has ended since it was asked
   * (`only`: just the series it accepts, those whose `ohlc` subscription the exchange refuses).
   */
  async refresh(only?: (pair: string, interval: CandleInterval) => boolean): Promise<void> {
    const now = this.#now();
    for (const [key, { pair, interval }] of this.#followed) {
      if (now < (this.#due.get(key) ?? 0)) continue;
      if (only !== undefined && !only(pair, interval)) continue;
      const series = this.#book.series(pair, interval);
      const latest = series.forming ?? series.last;
      await this.#fetch(pair, interval, latest === undefined ? undefined : latest.time / 1000 - 1, now);
    }
  }

  /** Closes the candles whose interval has ended by `now` with no update since (no trade in the interval). */
  closeUntil(now: number): void {
    this.#book.closeUntil(now);
  }

  async #fetch(
    pair: string,
    interval: CandleInterval,
    since: number | undefined,
    now: number,
  ): Promise<void> {
    const key = keyOf(pair, interval);
    try {
      const result = await this.#rest.ohlc({
        pair,
        interval: CANDLE_INTERVALS[interval],
        ...(since === undefined ? {} : { since }),
      });
      for (const candle of rowsOf(result)) this.#book.observe(pair, interval, candle);
      this.#failing.delete(key);
      const length = intervalMs(interval);
      this.#due.set(key, Math.floor(now / length) * length + length + REST_GRACE_MS);
    } catch (error) {
      this.#due.set(key, now + RETRY_MS);
      if (this.#failing.has(key)) return;
      this.#failing.add(key);
      const message = error instanceof Error ? error.message : String(error);
      this.#warn(`candles of ${pair} ${interval} from REST OHLC failed (${message}); tried again shortly`);
    }
  }
}

/** The rows of an OHLC answer as candles, oldest first (its one pair's list; `last` is not a row). */
function rowsOf(result: OHLCResult): Candle[] {
  const rows = Object.entries(result).find(([name, value]) => name !== 'last' && Array.isArray(value))?.[1];
  return ((rows ?? []) as OhlcCandle[]).map(([time, open, high, low, close, vwap, volume, trades]) =>
    candleOf({ time: time * 1000, open, high, low, close, vwap, volume, trades }),
  );
}

function keyOf(pair: string, interval: CandleInterval): string {
  return `${pair}|${interval}`;
}
