import { KRAKEN_CODES } from '../codes.js';
import { ZERO } from '../decimal.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';

/**
 * Per-pair margin position size (AssetPairs long_position_limit / short_position_limit, base currency,
 * overridable): open position volume on the side + open margin orders on the side + this order must not exceed
 * the limit (`EOrder:Margin position size exceeded`).
 */
export function positionSizeRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  if (!facts.opening) return;
  const { pair, side } = facts;
  const limit = side === 'buy' ? pair.longPositionLimit : pair.shortPositionLimit;
  if (limit === undefined) return;
  const aggregate = ctx.state.exposure.pair(pair.id);
  const positions = aggregate?.positionVolume[side] ?? ZERO;
  const orders = (aggregate?.openingVolume[side] ?? ZERO).minus(facts.replacing?.exposure.sizeVolume ?? ZERO);
  const after = positions.plus(orders).plus(facts.remaining);
  if (after.lte(limit)) return;
  const word = side === 'buy' ? 'long' : 'short';
  out.push({
    rule: 'position-size',
    code: KRAKEN_CODES.marginPositionSizeExceeded,
    message: `${word} position size on ${pair.altname} would be ${after.toFixed()} ${pair.base} (positions ${positions.toFixed()} + open orders ${orders.toFixed()} + this ${facts.remaining.toFixed()}), above the pair's ${word}_position_limit ${limit.toFixed()} ${pair.base}`,
    limit: limit.toFixed(),
    requested: after.toFixed(),
    currency: pair.base,
    field: 'volume',
  });
}
