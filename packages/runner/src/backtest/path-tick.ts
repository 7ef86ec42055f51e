import { Decimal } from '@krakenkit/core';
import type { MarketTick, PairInfo } from '../strategies/types.js';

/**
 * The tick a strategy sees at one point of the price path: the exchange's mid there (the price on the pair's
 * tick, as the exchange sets it) and its spread around it. Its Decimals are made when first read: most ticks of a
 * long backtest are looked at by no strategy beyond a glance.
 */
export class PathTick implements MarketTick {
  readonly pair: PairInfo;
  readonly at: number;
  readonly #price: string;
  readonly #halfSpread: Decimal;
  #mid: Decimal | undefined;
  #bid: Decimal | undefined;
  #ask: Decimal | undefined;

  constructor(pair: PairInfo, price: string, halfSpread: Decimal, at: number) {
    this.pair = pair;
    this.#price = price;
    this.#halfSpread = halfSpread;
    this.at = at;
  }

  get mid(): Decimal {
    if (this.#mid === undefined) this.#mid = onTick(new Decimal(this.#price), this.pair.tickSize);
    return this.#mid;
  }

  get bid(): Decimal {
    this.#bid ??= this.mid.minus(this.#halfSpread);
    return this.#bid;
  }

  get ask(): Decimal {
    this.#ask ??= this.mid.plus(this.#halfSpread);
    return this.#ask;
  }

  get last(): Decimal {
    return this.mid;
  }
}

// The exchange keeps its mid on whole ticks (rounding half up), so the strategy's mid is the same number.
function onTick(price: Decimal, tick: Decimal | undefined): Decimal {
  if (tick === undefined || price.mod(tick).isZero()) return price;
  return price.div(tick).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(tick);
}
