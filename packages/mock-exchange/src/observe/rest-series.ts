/** One change of a key's REST counter: a charge, or a call a fault answered before the exchange could charge it. */
interface RestSample {
  at: number;
  /** Units charged (0 for a faulted call). */
  cost: number;
  /** Units the caller spent on a call a fault answered before processing (the exchange charged nothing). */
  unprocessed: number;
  /** The counter's level right after. */
  level: number;
  /** The level right after had the faulted calls been charged too: the count the callers keep (see RestUsage). */
  spentLevel: number;
}

/** How a key used its REST counter over a window: what it was charged against what it could have been. */
export interface RestUsage {
  /** The counter's cap and decay (Kraken's model for the key's tier). */
  max: number;
  decayPerSecond: number;
  /** Units the exchange charged inside the window. */
  charged: number;
  /** Units of calls a fault answered before the exchange processed them: spent by the caller, never charged. */
  unprocessed: number;
  /** The counter's level when the window opened. */
  levelAtStart: number;
  /** The most the key could have been charged in the window: headroom at its start plus the decay during it. */
  capacity: number;
  /** charged ÷ capacity: 1 means every unit the key's budget allowed was used. */
  utilisation: number;
  /**
   * The counter's level when the window opened had the calls a fault answered been charged too: the count the
   * key's callers keep, since they cannot tell such a call from one the exchange charged (Kraken does not say).
   */
  spentLevelAtStart: number;
  /** The most the callers could have spent in the window by their own count: max − spentLevelAtStart + decay. */
  spentCapacity: number;
  /**
   * (charged + unprocessed) ÷ spentCapacity: the share of the budget the callers spent, faults included, both
   * counted as they count them. Without faults it equals `utilisation`.
   */
  sentUtilisation: number;
  /**
   * (charged + unprocessed) ÷ the decay over the window: the share of the counter's refill rate the callers
   * used. Unlike the utilisations, it does not count the headroom at the window's start, so a caller that keeps
   * the counter a few units below the cap still reads 1 in steady state (above 1 while it spends headroom).
   */
  refillShare: number;
  /** The highest level inside the window. */
  peakLevel: number;
  /** Charges and faulted calls inside the window. */
  samples: number;
  /** False when samples from before the window's end were dropped to bound memory (figures then undercount). */
  complete: boolean;
}

/**
 * The time series of one key's REST counter: every charge with the level after it. Between two samples the
 * counter only decays, so the level at any instant, and from it the budget a window offered, is exact.
 */
export class RestSeries {
  readonly #samples: RestSample[] = [];
  /** The callers' count (faulted calls charged too) at the last sample. */
  #spent = { level: 0, at: 0 };
  /** The newest sample dropped to bound memory: the level before the kept ones starts from it. */
  #lastDropped: RestSample | undefined;

  constructor(
    readonly max: number,
    readonly decayPerSecond: number,
    private readonly limit: number,
  ) {}

  /** Records one request of the key (nothing when it neither charged nor was spent). */
  record(at: number, cost: number, unprocessed: number, level: number): void {
    if (cost === 0 && unprocessed === 0) return;
    const spentLevel = this.#decay(this.#spent.level, this.#spent.at, at) + cost + unprocessed;
    this.#spent = { level: spentLevel, at };
    this.#samples.push({ at, cost, unprocessed, level, spentLevel });
    if (this.#samples.length > this.limit) {
      // Drop the oldest tenth at once, so bounding memory stays cheap per sample.
      const dropped = this.#samples.splice(0, Math.ceil(this.limit / 10));
      this.#lastDropped = dropped[dropped.length - 1] ?? this.#lastDropped;
    }
  }

  /** Usage over [from, to] (epoch ms on the exchange clock, both ends included). */
  usage(from: number, to: number): RestUsage {
    let charged = 0;
    let unprocessed = 0;
    let samples = 0;
    let levelAtStart = 0;
    let spentLevelAtStart = 0;
    let peakLevel = 0;
    const dropped = this.#lastDropped;
    const all = dropped === undefined ? this.#samples : [dropped, ...this.#samples];
    for (const sample of all) {
      if (sample.at < from) {
        levelAtStart = this.#decay(sample.level, sample.at, from);
        spentLevelAtStart = this.#decay(sample.spentLevel, sample.at, from);
        continue;
      }
      if (sample.at > to) break;
      charged += sample.cost;
      unprocessed += sample.unprocessed;
      samples += 1;
      peakLevel = Math.max(peakLevel, sample.level);
    }
    peakLevel = Math.max(peakLevel, levelAtStart);
    const refill = (this.decayPerSecond * Math.max(0, to - from)) / 1000;
    const capacity = Math.max(0, this.max - levelAtStart) + refill;
    const spentCapacity = Math.max(0, this.max - spentLevelAtStart) + refill;
    return {
      max: this.max,
      decayPerSecond: this.decayPerSecond,
      charged,
      unprocessed,
      levelAtStart,
      capacity,
      utilisation: capacity > 0 ? charged / capacity : 0,
      spentLevelAtStart,
      spentCapacity,
      sentUtilisation: spentCapacity > 0 ? (charged + unprocessed) / spentCapacity : 0,
      refillShare: refill > 0 ? (charged + unprocessed) / refill : 0,
      peakLevel,
      samples,
      complete: dropped === undefined || dropped.at < from,
    };
  }

  #decay(level: number, at: number, to: number): number {
    return Math.max(0, level - (this.decayPerSecond * Math.max(0, to - at)) / 1000);
  }

  /** The time of the first sample, if any. */
  get firstAt(): number | undefined {
    return this.#samples[0]?.at;
  }

  /** The samples as [time, level, cost, unprocessed] rows, oldest first (for plots). */
  rows(): Array<[number, number, number, number]> {
    return this.#samples.map((sample) => [sample.at, sample.level, sample.cost, sample.unprocessed]);
  }
}
