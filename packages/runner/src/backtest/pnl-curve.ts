import { Decimal } from '@krakenkit/core';

const ZERO = new Decimal(0);
const MINUTE_MS = 60_000;
/** Points the curve keeps at most (what a chart shows); drawdown is measured at every sample regardless. */
export const CURVE_POINTS = 2_000;
/** Samples taken at most: once a minute of market time, less often over spans longer than ~70 days. */
export const MAX_SAMPLES = 100_000;

/** One point of the curve: the bots' PnL in USD, marked to market, at `at`. */
export interface CurvePoint {
  at: number;
  pnl: Decimal;
}

/** The worst fall of the PnL from a previous high. */
export interface Drawdown {
  /** In USD. */
  amount: Decimal;
  /** The PnL at the high it fell from (USD). */
  peak: Decimal;
  /** When the high before it was, and when the low. */
  peakAt: number | undefined;
  troughAt: number | undefined;
}

/**
 * The PnL of the bots over the backtest, sampled at most once a minute of market time (once every few minutes
 * over long spans: MAX_SAMPLES in all): the deepest drawdown and the time in the market are measured at every
 * sample, while the curve itself keeps the last sample of each of at most CURVE_POINTS equal spans (enough for a
 * chart of a year).
 */
export class PnlCurve {
  readonly points: CurvePoint[] = [];
  readonly #bucketMs: number;
  /** Market time between two samples. */
  readonly sampleMs: number;
  readonly #start: number;
  #lastSample = Number.NEGATIVE_INFINITY;
  #peak: Decimal | undefined;
  #peakAt: number | undefined;
  #drawdown: Drawdown = { amount: ZERO, peak: ZERO, peakAt: undefined, troughAt: undefined };
  #samples = 0;
  #inMarket = 0;
  #maxExposure = ZERO;
  #maxExposureAt: number | undefined;

  constructor(start: number, end: number) {
    this.#start = start;
    const span = Math.max(MINUTE_MS, end - start);
    this.sampleMs = Math.max(MINUTE_MS, Math.ceil(span / MAX_SAMPLES / MINUTE_MS) * MINUTE_MS);
    this.#bucketMs = Math.max(MINUTE_MS, Math.ceil(span / CURVE_POINTS / MINUTE_MS) * MINUTE_MS);
  }

  /** Whether a sample is due at `at` (the first point in a new sampling period of market time). */
  due(at: number): boolean {
    return Math.floor(at / this.sampleMs) !== this.#lastSample;
  }

  /** A sample: the PnL now, and the notional held (USD, absolute) — above zero means in the market. */
  sample(at: number, pnl: Decimal, exposure: Decimal): void {
    this.#lastSample = Math.floor(at / this.sampleMs);
    this.#samples += 1;
    if (!exposure.isZero()) this.#inMarket += 1;
    if (exposure.gt(this.#maxExposure)) {
      this.#maxExposure = exposure;
      this.#maxExposureAt = at;
    }
    if (this.#peak === undefined || pnl.gt(this.#peak)) {
      this.#peak = pnl;
      this.#peakAt = at;
    }
    const fall = this.#peak.minus(pnl);
    if (fall.gt(this.#drawdown.amount))
      this.#drawdown = { amount: fall, peak: this.#peak, peakAt: this.#peakAt, troughAt: at };
    const bucket = Math.floor((at - this.#start) / this.#bucketMs);
    const last = this.points[this.points.length - 1];
    const lastBucket = last === undefined ? undefined : Math.floor((last.at - this.#start) / this.#bucketMs);
    if (lastBucket === bucket) this.points[this.points.length - 1] = { at, pnl };
    else this.points.push({ at, pnl });
  }

  get maxDrawdown(): Drawdown {
    return this.#drawdown;
  }

  /** Share of the samples with a position held (0–1). */
  get timeInMarket(): number {
    return this.#samples === 0 ? 0 : this.#inMarket / this.#samples;
  }

  /** The largest notional held at a sample (USD), and when. */
  get maxExposure(): { amount: Decimal; at: number | undefined } {
    return { amount: this.#maxExposure, at: this.#maxExposureAt };
  }
}
