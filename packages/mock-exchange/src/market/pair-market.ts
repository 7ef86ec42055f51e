import { type Decimal, dec } from '../core/decimal.js';
import { Rng } from '../core/random.js';
import { MarketHistory, type PublicTrade } from './history.js';
import type { Pair } from './pairs.js';

const TWO_POW_32 = 4294967296;

/**
 * The simulated market of one pair: a seeded random walk of the mid price in whole ticks, a fixed spread around
 * it, and a synthetic public trade per step. Step n of a pair depends only on the seed and n, never on the
 * timing of requests, so runs with the same seed are identical. The walk counts integer ticks (a float only
 * draws the next tick count; every price is then tick × count, exact in Decimal), which keeps long clock
 * jumps cheap.
 */
export class PairMarket {
  readonly history = new MarketHistory();
  #midTicks: number;
  #mid!: Decimal;
  #bid!: Decimal;
  #ask!: Decimal;
  #last: Decimal;
  #steps = 0;
  readonly #rng: Rng;
  readonly #volatility: number;
  readonly #halfSpread: Decimal;
  readonly #minTicks: number;

  constructor(
    readonly pair: Pair,
    seed: string,
    private readonly nextTradeId: () => number,
  ) {
    this.#rng = Rng.derive(seed, `walk:${pair.id}`);
    this.#volatility = Number(pair.config.volatility ?? '0.0005');
    const halfSpreadTicks = pair.config.half_spread_ticks ?? 1;
    this.#halfSpread = pair.tickSize.times(halfSpreadTicks);
    this.#minTicks = halfSpreadTicks + 1;
    this.#midTicks = this.#toTicks(dec(pair.config.price));
    this.#setTicks(this.#midTicks);
    this.#last = this.#mid;
  }

  get mid(): Decimal {
    return this.#mid;
  }

  get bid(): Decimal {
    return this.#bid;
  }

  get ask(): Decimal {
    return this.#ask;
  }

  /** Last traded price (or the mid last set by hand): the reference of stop/take-profit triggers. */
  get last(): Decimal {
    return this.#last;
  }

  get steps(): number {
    return this.#steps;
  }

  /** One random-walk step at exchange time `at` (ms); records a synthetic trade and the spread. */
  step(at: number): PublicTrade {
    const u = this.#rng.nextUint32() / TWO_POW_32;
    const previous = this.#midTicks;
    const next = Math.max(this.#minTicks, Math.round(previous * (1 + this.#volatility * (2 * u - 1))));
    if (next !== previous) this.#setTicks(next);
    this.#steps += 1;
    const side = next >= previous ? 'b' : 's';
    const size = this.pair.ordermin.times(1 + (this.#rng.nextUint32() % 200));
    return this.recordTrade(side === 'b' ? this.ask : this.bid, size, side, 'm', at);
  }

  /** Moves the mid to `price` (rounded to the tick): for tests and scenario scripts. */
  setMid(price: Decimal, at: number): void {
    this.#setTicks(this.#toTicks(price));
    this.#last = this.#mid;
    this.history.recordSpread({ time: Math.floor(at / 1000), bid: this.bid, ask: this.ask });
  }

  recordTrade(price: Decimal, volume: Decimal, side: 'b' | 's', type: 'm' | 'l', at: number): PublicTrade {
    const trade: PublicTrade = { price, volume, time: at, side, type, id: this.nextTradeId() };
    this.#last = price;
    this.history.recordTrade(trade);
    this.history.recordSpread({ time: Math.floor(at / 1000), bid: this.bid, ask: this.ask });
    return trade;
  }

  #setTicks(ticks: number): void {
    this.#midTicks = ticks;
    this.#mid = this.pair.tickSize.times(ticks);
    this.#bid = this.#mid.minus(this.#halfSpread);
    this.#ask = this.#mid.plus(this.#halfSpread);
  }

  /** Whole ticks of a price, keeping the bid at least one tick above zero. */
  #toTicks(price: Decimal): number {
    return Math.max(this.#minTicks, price.div(this.pair.tickSize).toDecimalPlaces(0).toNumber());
  }
}
