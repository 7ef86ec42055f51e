import type { RoundingPolicy } from '../config/compile.js';
import { Dec } from '../decimal.js';
import type { Adjustments } from '../decision.js';
import type { Side } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';

/**
 * Rounds volume down to the pair's lot_decimals when config says `rounding.volume: round-down` (never up: the
 * order must not grow). Otherwise the volume is left as given and the pair-limits rule rejects it.
 */
export function roundVolume(
  volume: Dec,
  pair: GuardPair,
  policy: RoundingPolicy,
  adjusted: Adjustments,
): Dec {
  if (policy.volume !== 'round-down' || pair.lotDecimals === undefined) return volume;
  if (volume.decimalPlaces() <= pair.lotDecimals) return volume;
  const rounded = volume.toDecimalPlaces(pair.lotDecimals, Dec.ROUND_DOWN);
  adjusted.volume = rounded.toFixed();
  return rounded;
}

/**
 * Rounds a price to the pair's tick and decimals when config says `rounding.price: round-passive`: buys down,
 * sells up, so rounding never makes an order more aggressive than asked.
 */
export function roundPrice(
  price: Dec | undefined,
  field: 'price' | 'price2',
  side: Side,
  pair: GuardPair,
  policy: RoundingPolicy,
  adjusted: Adjustments,
): Dec | undefined {
  if (price === undefined || policy.price !== 'round-passive') return price;
  const mode = side === 'buy' ? Dec.ROUND_DOWN : Dec.ROUND_UP;
  let rounded = price;
  if (pair.tickSize?.gt(0)) {
    rounded = rounded.div(pair.tickSize).toDecimalPlaces(0, mode).times(pair.tickSize);
  }
  if (pair.pairDecimals !== undefined) rounded = rounded.toDecimalPlaces(pair.pairDecimals, mode);
  if (!rounded.eq(price)) adjusted[field] = rounded.toFixed();
  return rounded;
}
