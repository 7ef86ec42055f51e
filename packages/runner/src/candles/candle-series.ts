import { type Candle, numbersOf } from './candle.js';
import { type BandsValue, INDICATORS, type IndicatorSlot, type MacdValue } from './indicators.js';
import { type CandleInterval, intervalMs } from './intervals.js';

/**
 * What a strategy reads of one pair's candles of one interval: the last `keep` closed candles (oldest first) and
 * indicators over their closes, computed by trading-signals. Indicators see closed candles only, so a decision
 * made on them is the same live and in a backtest; the candle still forming (live feeds) is `forming`.
 *
 * An indicator is set up the first time it is asked for and warmed with the candles kept at that moment; from
 * then on each closed candle updates it once. Its value is undefined until it has seen enough candles (`period`
 * of them; MACD: `slow`). Indicator values are numbers (signals in floating point); prices stay Decimal.
 */
export interface CandleView {
  readonly pair: string;
  readonly interval: CandleInterval;
  /** How many closed candles are kept at most. */
  readonly keep: number;
  /** Closed candles kept now. */
  readonly length: number;
  /** The closed candle at `index`: 0 is the oldest kept, -1 the latest (like Array.at). */
  at(index: number): Candle | undefined;
  /** The latest closed candle. */
  readonly last: Candle | undefined;
  /** The candle of the current interval while it is still open (live feeds only; never in indicators). */
  readonly forming: Candle | undefined;
  /** The closed candles kept, oldest first (a copy). */
  toArray(): Candle[];
  /** Simple moving average of the last `period` closes. */
  sma(period: number): number | undefined;
  /** Exponential moving average of the closes (alpha = 2 / (period + 1)). */
  ema(period: number): number | undefined;
  /** Relative strength index of the closes (Wilder's smoothing), 0–100. Default period 14. */
  rsi(period?: number): number | undefined;
  /** MACD of the closes. Defaults 12, 26, 9. */
  macd(fast?: number, slow?: number, signal?: number): MacdValue | undefined;
  /** Bollinger bands of the closes. Defaults 20 candles, 2 standard deviations. */
  bollinger(period?: number, deviations?: number): BandsValue | undefined;
  /** Average true range (Wilder's smoothing), in the pair's quote currency per unit. Default period 14. */
  atr(period?: number): number | undefined;
}

/**
 * One pair's candles of one interval: a ring of the last `keep` closed candles and the indicators asked of it.
 * Feeds write to it: `push` a closed candle (REST OHLC history, a backtest), or `observe` updates of the current
 * candle (a live `ohlc` feed), which close it once a later interval begins or `closeUntil` passes its end.
 */
export class CandleSeries implements CandleView {
  readonly pair: string;
  readonly interval: CandleInterval;
  readonly keep: number;
  readonly #ring: Array<Candle | undefined>;
  readonly #indicators = new Map<string, IndicatorSlot<unknown>>();
  readonly #lengthMs: number;
  #start = 0;
  #length = 0;
  #forming: Candle | undefined;

  constructor(pair: string, interval: CandleInterval, keep: number) {
    if (!Number.isInteger(keep) || keep < 1)
      throw new RangeError(`keep must be a whole number ≥ 1, got ${keep}`);
    this.pair = pair;
    this.interval = interval;
    this.keep = keep;
    this.#ring = new Array(keep);
    this.#lengthMs = intervalMs(interval);
  }

  get length(): number {
    return this.#length;
  }

  get last(): Candle | undefined {
    return this.#length === 0 ? undefined : this.#ring[(this.#start + this.#length - 1) % this.keep];
  }

  get forming(): Candle | undefined {
    return this.#forming;
  }

  at(index: number): Candle | undefined {
    const i = index < 0 ? this.#length + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#length) return undefined;
    return this.#ring[(this.#start + i) % this.keep];
  }

  toArray(): Candle[] {
    const out: Candle[] = new Array(this.#length);
    for (let i = 0; i < this.#length; i += 1) out[i] = this.#ring[(this.#start + i) % this.keep] as Candle;
    return out;
  }

  /**
   * A closed candle. A later one is appended (the oldest falls out once `keep` are held); one of the same interval
   * as the latest replaces it (a correction); an earlier one is ignored. Returns whether it was taken.
   */
  push(candle: Candle): boolean {
    const last = this.last;
    if (last !== undefined && candle.time < last.time) return false;
    if (last !== undefined && candle.time === last.time) {
      this.#ring[(this.#start + this.#length - 1) % this.keep] = candle;
      if (this.#indicators.size > 0)
        for (const slot of this.#indicators.values()) slot.replace(numbersOf(candle));
      return true;
    }
    if (this.#length < this.keep) {
      this.#ring[(this.#start + this.#length) % this.keep] = candle;
      this.#length += 1;
    } else {
      this.#ring[this.#start] = candle;
      this.#start = (this.#start + 1) % this.keep;
    }
    if (this.#indicators.size > 0) {
      const input = numbersOf(candle);
      for (const slot of this.#indicators.values()) slot.add(input);
    }
    return true;
  }

  /**
   * An update of the current candle from a live feed: the candle of a later interval closes the one forming (it is
   * pushed) and becomes the forming one; an update of the same interval replaces it; an earlier one is ignored.
   */
  observe(candle: Candle): void {
    const forming = this.#forming;
    if (forming !== undefined && candle.time < forming.time) return;
    if (forming !== undefined && candle.time > forming.time) this.push(forming);
    this.#forming = candle;
  }

  /** Closes the forming candle once `now` (epoch ms) has reached the end of its interval (no update came since). */
  closeUntil(now: number): void {
    const forming = this.#forming;
    if (forming === undefined || now < forming.time + this.#lengthMs) return;
    this.push(forming);
    this.#forming = undefined;
  }

  sma(period: number): number | undefined {
    return this.#value(INDICATORS.sma(period));
  }

  ema(period: number): number | undefined {
    return this.#value(INDICATORS.ema(period));
  }

  rsi(period = 14): number | undefined {
    return this.#value(INDICATORS.rsi(period));
  }

  macd(fast = 12, slow = 26, signal = 9): MacdValue | undefined {
    return this.#value(INDICATORS.macd(fast, slow, signal));
  }

  bollinger(period = 20, deviations = 2): BandsValue | undefined {
    return this.#value(INDICATORS.bollinger(period, deviations));
  }

  atr(period = 14): number | undefined {
    return this.#value(INDICATORS.atr(period));
  }

  #value<R>(spec: { key: string; create: () => IndicatorSlot<R> }): R | undefined {
    let slot = this.#indicators.get(spec.key) as IndicatorSlot<R> | undefined;
    if (slot === undefined) {
      slot = spec.create();
      for (let i = 0; i < this.#length; i += 1)
        slot.add(numbersOf(this.#ring[(this.#start + i) % this.keep] as Candle));
      this.#indicators.set(spec.key, slot as IndicatorSlot<unknown>);
    }
    return slot.value();
  }
}
