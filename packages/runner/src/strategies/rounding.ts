import { Decimal } from '@krakenkit/core';
import type { PairInfo, Side } from './types.js';

/** Kraken's decimals when AssetPairs states none (its default for both prices and volumes). */
const DEFAULT_DECIMALS = 8;

/** The pair's price step: tick_size, else one unit of its last price decimal. */
export function tickOf(pair: PairInfo): Decimal {
  return pair.tickSize ?? new Decimal(10).pow(-(pair.pairDecimals ?? DEFAULT_DECIMALS));
}

/** The pair's volume decimals (lot_decimals). */
export function lotDecimalsOf(pair: PairInfo): number {
  return pair.lotDecimals ?? DEFAULT_DECIMALS;
}

/** A price on the pair's tick, rounded passively: buys down, sells up (never crosses further than asked). */
export function toTick(pair: PairInfo, price: Decimal, side: Side): Decimal {
  const tick = tickOf(pair);
  const steps = price.div(tick);
  const whole = side === 'buy' ? steps.floor() : steps.ceil();
  return whole.times(tick);
}

/** A volume cut down to the pair's lot decimals. */
export function toLot(pair: PairInfo, volume: Decimal): Decimal {
  return volume.toDecimalPlaces(lotDecimalsOf(pair), Decimal.ROUND_DOWN);
}

/** `price × (1 + bps / 10000)`. */
export function shiftBps(price: Decimal, bps: number | Decimal): Decimal {
  return price.times(new Decimal(1).plus(new Decimal(bps).div(10_000)));
}

/** `(to − from) / from` in basis points. */
export function changeBps(from: Decimal, to: Decimal): Decimal {
  return to.minus(from).div(from).times(10_000);
}
