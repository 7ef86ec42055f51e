/**
 * Statistics of the e2e benches: per round, the distribution of one contestant's call latencies (mean, p50, p99,
 * min, max); across rounds, the min / median / max of any per-round figure, and how many times better one
 * contestant did than another. Percentiles use the nearest-rank definition (a value that was actually observed).
 */

/** One round's latencies of one contestant, in the unit they were recorded in (the benches use µs). */
export interface LatencyStats {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

/** A per-round figure across rounds. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** The nearest-rank `q`-quantile (0 < q ≤ 1) of an ascending array: the smallest value with ≥ q of the samples at or below it. */
export function nearestRank(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function latencyStats(samples: ArrayLike<number>): LatencyStats {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  const count = sorted.length;
  return {
    count,
    mean: count === 0 ? Number.NaN : sum / count,
    p50: nearestRank(sorted, 0.5),
    p99: nearestRank(sorted, 0.99),
    min: count === 0 ? Number.NaN : (sorted[0] as number),
    max: count === 0 ? Number.NaN : (sorted[count - 1] as number),
  };
}

/** Min, median (the mean of the middle two for an even count) and max. */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN };
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[n - 1]! };
}

/** `numerators[i] / denominators[i]` for each round, e.g. krakenkit's mean over the bare client's in the same round. */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  if (numerators.length !== denominators.length) {
    throw new Error(`pairedRatios: ${numerators.length} numerators for ${denominators.length} denominators`);
  }
  return numerators.map((value, i) => value / denominators[i]!);
}

/** How many times better one contestant did than a reference over the same rounds (higher = better, any unit). */
export interface Advantage {
  /** Of the two medians. */
  ofMedians: number;
  /** Of each round's pair (same round, same load), across rounds. */
  paired: Spread;
}

/**
 * `values` against `reference`, both one figure per round in the same rounds: for rates (`better: 'higher'`) value
 * ÷ reference, for costs such as µs (`'lower'`) reference ÷ value.
 */
export function pairedAdvantage(
  values: readonly number[],
  reference: readonly number[],
  better: 'higher' | 'lower',
): Advantage {
  const [over, under] = better === 'higher' ? [values, reference] : [reference, values];
  return {
    ofMedians: spread(over).median / spread(under).median,
    paired: spread(pairedRatios(over, under)),
  };
}

/** Where the median of the rounds' population lies, with the stated confidence (see `medianInterval`). */
export interface MedianInterval {
  low: number;
  high: number;
  /** The interval's own coverage: at least the confidence asked for, unless there were too few rounds to reach it. */
  confidence: number;
}

/**
 * A distribution-free confidence interval of the median (the sign-test interval): between the k-th smallest and
 * the k-th largest value, with k the largest rank whose two tails together hold at most 1 − `confidence` of a
 * Binomial(n, ½). It assumes nothing about the shape of the rounds' spread (a host whose speed moves within a run
 * gives no normal distribution). With too few rounds it is [min, max] with the coverage that has (7 rounds: 98.4 %,
 * 5 rounds: 93.8 %).
 */
export function medianInterval(values: readonly number[], confidence = 0.95): MedianInterval {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { low: Number.NaN, high: Number.NaN, confidence: 0 };
  const tail = (1 - confidence) / 2;
  // cdf = P(X ≤ k − 1) for X ~ Binomial(n, ½): the chance that fewer than k rounds fall below the median, which is
  // the chance the k-th smallest is above it. pmf = P(X = k − 1); P(X = k) = pmf · (n − k + 1) / k.
  let k = 1;
  let pmf = 0.5 ** n;
  let cdf = pmf;
  while (k + 1 <= n - k) {
    const nextPmf = (pmf * (n - k + 1)) / k;
    if (cdf + nextPmf > tail) break;
    pmf = nextPmf;
    cdf += nextPmf;
    k += 1;
  }
  return { low: sorted[k - 1]!, high: sorted[n - k]!, confidence: 1 - 2 * cdf };
}
