import { KRAKEN_CODES } from '../codes.js';
import { type Dec, toOptionalDecimal, ZERO } from '../decimal.js';
import { type AmendIntent, oppositeSide } from '../intent.js';
import { borrowOf } from '../pools.js';
import type { TrackedOrder } from '../state/orders.js';
import type { CheckContext, ViolationSink } from './context.js';
import { isMarketLike, type OrderFacts } from './order-facts.js';
import { roundPrice, roundVolume } from './rounding.js';

/**
 * Facts of an amended (or edited) order: the tracked order with its new total quantity and price. What the order
 * already holds is replaced, not added to (`replacing`), and its side, margin and position relation stay as they
 * were checked when it was placed.
 */
export function amendFacts(
  intent: AmendIntent,
  order: TrackedOrder,
  ctx: CheckContext,
  out: ViolationSink,
): OrderFacts | undefined {
  const volume = read('volume', intent.volume, out);
  const price = read('price', intent.price, out);
  if (volume === null || price === null) return undefined;
  const adjusted = {};
  const { pair, side } = order;
  const newVolume = roundVolume(volume ?? order.volume, pair, ctx.rules.rounding, adjusted);
  const limitPriced = !isMarketLike(order.orderType);
  const newPrice = limitPriced
    ? roundPrice(price ?? order.price, 'price', side, pair, ctx.rules.rounding, adjusted)
    : order.price;
  const chargePrice = newPrice ?? order.price;
  const remaining = newVolume.gt(order.filled) ? newVolume.minus(order.filled) : ZERO;
  return {
    pair,
    side,
    orderType: order.orderType,
    volume: newVolume,
    remaining,
    price: limitPriced && price !== undefined ? chargePrice : undefined,
    price2: undefined,
    chargePrice,
    margin: order.margin,
    leverage: { kind: 'none' },
    reduceOnly: false,
    postOnly: intent.postOnly === true,
    oppositePosition: ctx.state.exposure.pair(pair.id)?.positionVolume[oppositeSide(side)] ?? ZERO,
    reducing: order.reducing,
    opposing: false,
    opening: order.opening,
    borrow: order.opening ? borrowOf(pair, side, remaining, chargePrice, ctx.rules.table) : undefined,
    notional: remaining.times(chargePrice),
    replacing: order,
    rateAction: intent.replace === true ? 'edit' : 'amend',
    clOrdId: order.clOrdId,
    adjusted: Object.keys(adjusted).length > 0 ? adjusted : undefined,
  };
}

// undefined: not given (keep the order's own); null: given but invalid (a violation was pushed).
function read(field: 'volume' | 'price', value: unknown, out: ViolationSink): Dec | undefined | null {
  try {
    return toOptionalDecimal(field, value);
  } catch (error) {
    const code = field === 'volume' ? KRAKEN_CODES.invalidVolume : KRAKEN_CODES.invalidPrice;
    out.push({ rule: 'intent', code, message: (error as Error).message, field });
    return null;
  }
}
