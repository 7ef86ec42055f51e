import { ATR, BollingerBands, EMA, MACD, RSI, SMA } from 'trading-signals';

/** What indicators read from one candle. */
export interface IndicatorInput {
  high: number;
  low: number;
  close: number;
}

/** MACD of the closes: the fast EMA minus the slow one, its signal EMA, and their difference. */
export interface MacdValue {
  macd: number;
  signal: number;
  histogram: number;
}

/** Bollinger bands of the closes: the SMA and that many standard deviations above and below it. */
export interface BandsValue {
  upper: number;
  middle: number;
  lower: number;
}

/** One indicator kept up to date with a series' closed candles. */
export interface IndicatorSlot<R> {
  add(input: IndicatorInput): void;
  /** The last candle was corrected (same interval, new values). */
  replace(input: IndicatorInput): void;
  /** The value, once the indicator has seen enough candles. */
  value(): R | undefined;
}

/** Indicator parameters a strategy got wrong (a period of 0, MACD fast not below slow). */
export class IndicatorParamsError extends Error {
  override name = 'IndicatorParamsError';
  readonly code = 'KRAKENKIT_INDICATOR_PARAMS';
}

function period(name: string, what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new IndicatorParamsError(
      `${name}: ${what} must be a whole number of candles, at least 1 (got ${value})`,
    );
  return value;
}

// trading-signals answers null until an indicator is stable (and throws from getResult's sibling; null is enough).
function fromLibrary<R>(result: R | null): R | undefined {
  return result === null ? undefined : result;
}

interface Updatable<R> {
  update(input: never, replace: boolean): unknown;
  getResult(): R | null;
}

function slotOf<R, I>(indicator: Updatable<R>, pick: (input: IndicatorInput) => I): IndicatorSlot<R> {
  const update = indicator.update.bind(indicator) as (input: I, replace: boolean) => unknown;
  return {
    add: (input) => void update(pick(input), false),
    replace: (input) => void update(pick(input), true),
    value: () => fromLibrary(indicator.getResult()),
  };
}

const close = (input: IndicatorInput) => input.close;

/**
 * The indicators a candle series offers, by name: each builds a trading-signals indicator from its parameters (and
 * checks them), with the key a series caches it under.
 */
export const INDICATORS = {
  sma: (n: number) => ({ key: `sma:${n}`, create: () => slotOf(new SMA(period('sma', 'period', n)), close) }),
  ema: (n: number) => ({ key: `ema:${n}`, create: () => slotOf(new EMA(period('ema', 'period', n)), close) }),
  rsi: (n: number) => ({ key: `rsi:${n}`, create: () => slotOf(new RSI(period('rsi', 'period', n)), close) }),
  atr: (n: number) => ({
    key: `atr:${n}`,
    create: () => slotOf(new ATR(period('atr', 'period', n)), (input) => input),
  }),
  macd: (fast: number, slow: number, signal: number) => ({
    key: `macd:${fast}:${slow}:${signal}`,
    create: (): IndicatorSlot<MacdValue> => {
      period('macd', 'fast', fast);
      period('macd', 'slow', slow);
      period('macd', 'signal', signal);
      if (fast >= slow) throw new IndicatorParamsError(`macd: fast (${fast}) must be below slow (${slow})`);
      return slotOf(new MACD(new EMA(fast), new EMA(slow), new EMA(signal)), close);
    },
  }),
  bollinger: (n: number, deviations: number) => ({
    key: `bollinger:${n}:${deviations}`,
    create: (): IndicatorSlot<BandsValue> => {
      if (!(deviations > 0))
        throw new IndicatorParamsError(`bollinger: deviations must be above 0 (got ${deviations})`);
      return slotOf(new BollingerBands(period('bollinger', 'period', n), deviations), close);
    },
  }),
} as const;
