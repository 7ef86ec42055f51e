import type { RateClass } from '../endpoints/define.js';
import { type ChargeResult, DecayingCounter, flightCorrection } from './decaying-counter.js';
import { DEFAULT_HISTORY_COST, type RestLimits } from './tiers.js';

/**
 * Kraken's REST call counter of one API key (docs/kraken/rate-limits.md): +1 per private non-trading call, `historyCost` for
 * the history calls, continuous decay, `EAPI:Rate limit exceeded` (nothing charged) when c + cost > max.
 * Trading and public calls do not touch it.
 */
export class RestCounter {
  private readonly counter: DecayingCounter;

  constructor(
    readonly limits: RestLimits,
    /** Cost of Ledgers, QueryLedgers, TradesHistory, QueryTrades, ClosedOrders (sources say 2 or 4). */
    readonly historyCost: number = DEFAULT_HISTORY_COST,
  ) {
    this.counter = new DecayingCounter(limits.max, limits.decayPerSecond);
  }

  /** The counter units a call of this rate class costs (0 for calls that do not use the REST counter). */
  costOf(rate: RateClass): number {
    if (rate.kind !== 'rest') return 0;
    return rate.cost === 'history' ? this.historyCost : rate.cost;
  }

  valueAt(now: number): number {
    return this.counter.valueAt(now);
  }

  /** Whole milliseconds until a call of `cost` would be accepted (0 = now, Infinity = never: cost > max). */
  waitMs(cost: number, now: number): number {
    return this.counter.waitMs(cost, now);
  }

  /** Charges `cost` if Kraken would accept it now; otherwise nothing is charged and the exact wait is returned. */
  tryCharge(cost: number, now: number): ChargeResult {
    return this.counter.tryCharge(cost, now);
  }

  /**
   * The answer to a call charged at `sentAt`, on a count of `levelBefore`, arrived at `now`. Kraken charged it
   * when the call arrived, somewhere in between: put back the decay the flight credited here that Kraken's count
   * could not have had (see flightCorrection), or the next call, sent when the local count says it fits exactly,
   * would arrive over the max. A count that stayed above zero needs nothing back.
   */
  settleFlight(cost: number, levelBefore: number, sentAt: number, now: number): void {
    const back = flightCorrection(cost, levelBefore, this.limits.decayPerSecond, now - sentAt);
    if (back > 0) this.counter.charge(back, now);
  }

  /** A call charged here was never sent (a shared counter refused it): take its charge back. */
  refund(cost: number, now: number): void {
    this.counter.charge(-Math.min(cost, this.counter.valueAt(now)), now);
  }

  /** Kraken answered `EAPI:Rate limit exceeded`: the local model was behind, so assume the counter is full. */
  snapToCap(now: number): void {
    this.counter.snapToCap(now);
  }
}
