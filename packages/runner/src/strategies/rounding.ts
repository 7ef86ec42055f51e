import { Decimal } from 'decimal.js';
import type { PairInfo, Side } from './types.js';

/** A price on the pair's tick, rounded passively: buys down, sells up (never crosses further than asked). */
export function toTick(pair: PairInfo, price: Decimal, side: Side): Decimal {
  const steps = price.div(pair.tickSize);
  const whole = side === 'buy' ? steps.floor() : steps.ceil();
  return whole.times(pair.tickSize);
}

/** A volume cut down to the pair's lot decimals. */
export function toLot(pair: PairInfo, volume: Decimal): Decimal {
  return volume.toDecimalPlaces(pair.lotDecimals, Decimal.ROUND_DOWN);
}

/** `price × (1 + bps / 10000)`. */
export function shiftBps(price: Decimal, bps: number | Decimal): Decimal {
  return price.times(new Decimal(1).plus(new Decimal(bps).div(10_000)));
}

/** `(to − from) / from` in basis points. */
export function changeBps(from: Decimal, to: Decimal): Decimal {
  return to.minus(from).div(from).times(10_000);
}
