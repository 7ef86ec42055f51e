import { KRAKEN_CODES } from '../codes.js';
import { type Dec, toOptionalDecimal, ZERO } from '../decimal.js';
import { type AmendIntent, oppositeSide } from '../intent.js';
import { borrowOf } from '../pools.js';
import type { TrackedOrder } from '../state/orders.js';
import type { CheckContext, ViolationSink } from './context.js';
import { type OrderFacts, priceRoles, unclosed } from './order-facts.js';
import { roundPrice, roundVolume } from './rounding.js';

/**
 * Facts of an amended (or edited) order: the tracked order with its new total quantity and price. What the order
 * already holds is replaced, not added to (`replacing`), and its side and margin stay as they were checked when
 * it was placed; the pair is read as AssetPairs describes it now, and a closing order that grows is classified again.
 */
export function amendFacts(
  intent: AmendIntent,
  order: TrackedOrder,
  ctx: CheckContext,
  out: ViolationSink,
): OrderFacts | undefined {
  // The pair as AssetPairs describes it now (status, limits), not as it was when the order was placed.
  const pair = ctx.pairs.get(order.pair.id);
  if (pair === undefined) {
    out.push({
      rule: 'pair-status',
      code: KRAKEN_CODES.unknownPair,
      message: `pair ${order.pair.altname} of order ${order.txid ?? order.ref} is no longer known to the guard (not in AssetPairs or config pairs): refusing the change`,
      field: 'pair',
    });
    return undefined;
  }
  const volume = read('volume', intent.volume, out);
  const prices = newPrices(intent, order, out);
  if (volume === null || prices === undefined) return undefined;
  const adjusted = {};
  const { side } = order;
  const newVolume = roundVolume(volume ?? order.volume, pair, ctx.rules.rounding, adjusted);
  const roles = priceRoles(order.orderType);
  const round = (price: Dec | undefined, field: 'price' | 'price2') =>
    roundPrice(price, field, side, pair, ctx.rules.rounding, adjusted);
  const trigger = round(prices.trigger, 'price');
  const limit = round(prices.limit, roles.limit ?? 'price');
  // Charged at its limit when it has one, else at its trigger; market and trailing orders keep their charge.
  const chargePrice = (roles.limit === undefined ? trigger : limit) ?? order.price;
  const remaining = newVolume.gt(order.filled) ? newVolume.minus(order.filled) : ZERO;
  const aggregate = ctx.state.exposure.pair(pair.id);
  const oppositePosition = aggregate?.positionVolume[oppositeSide(side)] ?? ZERO;
  // What other reducing orders close: this order's own share is replaced, not added to.
  const oppositeClosing = (aggregate?.closingVolume[side] ?? ZERO).minus(order.exposure.closingVolume);
  const { reducing, opposing } = reclassify(order, remaining, oppositePosition);
  // Growing, it must fit in what the other closing orders leave of the position, as a new order must.
  const grows = remaining.gt(order.volume.minus(order.filled));
  const onlyReduces =
    reducing &&
    (order.reduceOnly || !grows || remaining.lte(unclosed({ oppositePosition, oppositeClosing })));
  return {
    pair,
    side,
    orderType: order.orderType,
    volume: newVolume,
    remaining,
    price: roles.limit === 'price' ? limit : trigger,
    price2: roles.limit === 'price2' ? limit : undefined,
    chargePrice,
    margin: order.margin,
    leverage: { kind: 'none' },
    reduceOnly: false,
    postOnly: intent.postOnly === true,
    // An amend changes no close terms; the order's were judged when it was placed.
    conditionalClose: false,
    oppositePosition,
    oppositeClosing,
    reducing,
    onlyReduces,
    opposing,
    opening: order.opening,
    borrow: order.opening ? borrowOf(pair, side, remaining, chargePrice, ctx.rules.table) : undefined,
    notional: remaining.times(chargePrice),
    replacing: order,
    rateAction: intent.replace === true ? 'edit' : 'amend',
    clOrdId: order.clOrdId,
    adjusted: Object.keys(adjusted).length > 0 ? adjusted : undefined,
  };
}

/**
 * Whether the amended order still reduces. The order keeps how it was placed (opening or not), so a plain margin
 * order placed to reduce a position may not grow past that position: it would open an opposing one (Kraken admits
 * an amended order again as a whole), borrowing what no reservation holds. Shrinking, or a reduce_only order
 * (Kraken caps its fill at the position), changes nothing.
 */
function reclassify(
  order: TrackedOrder,
  remaining: Dec,
  position: Dec,
): { reducing: boolean; opposing: boolean } {
  const held = order.volume.minus(order.filled);
  if (!order.reducing || order.reduceOnly || remaining.lte(held) || remaining.lte(position)) {
    return { reducing: order.reducing, opposing: false };
  }
  return { reducing: false, opposing: true };
}

/**
 * The new trigger and limit an amend gives, by what each price means for the order's type: AmendOrder names them
 * (limitPrice, triggerPrice), EditOrder and intents use the order's price / price2. Undefined when one is invalid.
 */
function newPrices(
  intent: AmendIntent,
  order: TrackedOrder,
  out: ViolationSink,
): { trigger: Dec | undefined; limit: Dec | undefined } | undefined {
  const price = read('price', intent.price, out);
  const price2 = read('price2', intent.price2, out);
  const limitPrice = read('limitPrice', intent.limitPrice, out);
  const triggerPrice = read('triggerPrice', intent.triggerPrice, out);
  if (price === null || price2 === null || limitPrice === null || triggerPrice === null) return undefined;
  const roles = priceRoles(order.orderType);
  const given = { price, price2 };
  return {
    trigger: roles.trigger === undefined ? undefined : (triggerPrice ?? price),
    limit: roles.limit === undefined ? undefined : (limitPrice ?? given[roles.limit]),
  };
}

// undefined: not given (keep the order's own); null: given but invalid (a violation was pushed).
function read(field: string, value: unknown, out: ViolationSink): Dec | undefined | null {
  try {
    return toOptionalDecimal(field, value);
  } catch (error) {
    const code = field === 'volume' ? KRAKEN_CODES.invalidVolume : KRAKEN_CODES.invalidPrice;
    out.push({ rule: 'intent', code, message: (error as Error).message, field });
    return null;
  }
}
