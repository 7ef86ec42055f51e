import { KRAKEN_CODES } from '../codes.js';
import { type Dec, ZERO } from '../decimal.js';
import type { Adjustments } from '../decision.js';
import { type OrderType, oppositeSide, type Side } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';
import { type Borrow, borrowOf } from '../pools.js';
import type { TrackedOrder } from '../state/orders.js';
import { type CheckContext, freshPrice, type ViolationSink } from './context.js';
import { type LeverageRequest, maxOffered } from './leverage.js';
import type { OrderTerms } from './order-terms.js';
import { roundPrice, roundVolume } from './rounding.js';

/**
 * Everything the order rules need, worked out once per check: parsed numbers, the pair, how the order relates to
 * open positions (reducing, opposing, opening) and what it would borrow.
 */
export interface OrderFacts {
  pair: GuardPair;
  side: Side;
  orderType: OrderType;
  /** Total order volume (after Kraken's volume-0 close rule and any configured rounding). */
  volume: Dec;
  /** Volume that would newly rest on the book: volume minus what an amended order already filled. */
  remaining: Dec;
  /** Absolute prices the pair's tick and decimals apply to (limit / trigger, and price2). */
  price: Dec | undefined;
  price2: Dec | undefined;
  /** The price charges are computed at: limit price, trigger, or the reference price; undefined if unknown. */
  chargePrice: Dec | undefined;
  margin: boolean;
  leverage: LeverageRequest;
  reduceOnly: boolean;
  postOnly: boolean;
  /** Carries a conditional close: an opposite order of the filled size the exchange places on each fill. */
  conditionalClose: boolean;
  /** Open position volume on the pair on the other side (what this order could reduce). */
  oppositePosition: Dec;
  /** Of that position, what other open and in-flight reducing orders on this side already close. */
  oppositeClosing: Dec;
  /** Reduces an open position: opposite side and (reduce-only, or margin and not larger than the position). */
  reducing: boolean;
  /**
   * Reduces, and cannot open a position however the other orders fill: reduce-only, or no larger than what the
   * other open reducing orders leave of the position (once they have closed it, the exchange opens a position with
   * this one's fill). What the kill switch and the loss and notional exemptions let through.
   */
  onlyReduces: boolean;
  /** A margin order larger than the opposite position: Kraken refuses it (no opposing positions). */
  opposing: boolean;
  /** A margin order that opens or grows a position: it borrows and counts toward the size limit. */
  opening: boolean;
  borrow: Borrow | undefined;
  /** chargePrice × remaining, quote currency. */
  notional: Dec | undefined;
  /** For amends: the order being changed, whose current holdings are replaced rather than added to. */
  replacing: TrackedOrder | undefined;
  /** How the matching-engine counter charges this order. */
  rateAction: 'add' | 'batch-add' | 'amend' | 'edit';
  /** The client order id the order goes out with, when the caller chose one. */
  clOrdId: string | undefined;
  adjusted: Adjustments | undefined;
}

const LIMIT_PRICED: ReadonlySet<OrderType> = new Set([
  'limit',
  'iceberg',
  'stop-loss-limit',
  'take-profit-limit',
]);
const TRIGGER_PRICED: ReadonlySet<OrderType> = new Set([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
]);
const TWO_PRICES: ReadonlySet<OrderType> = new Set(['stop-loss-limit', 'take-profit-limit']);

/**
 * Which of an order type's price and price2 is its limit price and which its trigger (none for market and
 * trailing orders, whose prices are offsets). An order is charged at its limit when it has one, else its trigger.
 */
export function priceRoles(orderType: OrderType): { limit?: 'price' | 'price2'; trigger?: 'price' } {
  const limit = TWO_PRICES.has(orderType) ? 'price2' : LIMIT_PRICED.has(orderType) ? 'price' : undefined;
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(TRIGGER_PRICED.has(orderType) ? { trigger: 'price' as const } : {}),
  };
}

/** Orders with no absolute limit price: they execute at the market (limit_only markets refuse them). */
export function isMarketLike(orderType: OrderType): boolean {
  return !LIMIT_PRICED.has(orderType);
}

/**
 * Builds the facts of a new order from its terms (read from an intent or taken from a validated order), or pushes
 * `intent` violations and returns undefined.
 */
export function orderFacts(terms: OrderTerms, pair: GuardPair, ctx: CheckContext, out: ViolationSink) {
  const { side, orderType, leverage } = terms;
  const margin = leverage.kind !== 'none';
  const aggregate = ctx.state.exposure.pair(pair.id);
  const opposite = aggregate?.positionVolume[oppositeSide(side)] ?? ZERO;
  // Kraken: volume 0 on a closing margin order fills the whole position.
  const closesAll = terms.volume.isZero() && (margin || terms.reduceOnly) && opposite.gt(0);
  const adjusted: Adjustments = {};
  const volume = roundVolume(closesAll ? opposite : terms.volume, pair, ctx.rules.rounding, adjusted);
  const price = roundPrice(terms.price, 'price', side, pair, ctx.rules.rounding, adjusted);
  const price2 = roundPrice(terms.price2, 'price2', side, pair, ctx.rules.rounding, adjusted);
  const facts: OrderFacts = {
    pair,
    side,
    orderType,
    volume,
    remaining: volume,
    price: TRIGGER_PRICED.has(orderType) || LIMIT_PRICED.has(orderType) ? price : undefined,
    price2: TWO_PRICES.has(orderType) ? price2 : undefined,
    chargePrice: chargePriceOf(
      orderType,
      price,
      price2,
      () => terms.referencePrice ?? touchPrice(ctx, pair.id, side),
    ),
    margin,
    leverage,
    reduceOnly: terms.reduceOnly,
    postOnly: terms.postOnly,
    conditionalClose: terms.conditionalClose,
    oppositePosition: opposite,
    oppositeClosing: aggregate?.closingVolume[side] ?? ZERO,
    reducing: false,
    onlyReduces: false,
    opposing: false,
    opening: false,
    borrow: undefined,
    notional: undefined,
    replacing: undefined,
    rateAction: 'add',
    clOrdId: terms.clOrdId,
    adjusted: Object.keys(adjusted).length > 0 ? adjusted : undefined,
  };
  if (!requirePrices(facts, out)) return undefined;
  classify(facts, ctx);
  return facts;
}

/** Sets reducing / opposing / opening and the borrow and notional that follow from them. */
function classify(facts: OrderFacts, ctx: CheckContext): void {
  const hasOpposite = facts.oppositePosition.gt(0);
  facts.reducing =
    hasOpposite && (facts.reduceOnly || (facts.margin && facts.volume.lte(facts.oppositePosition)));
  // Kraken judges an order against the position alone (and the rest of a closing order against the margin rules
  // when it fills), so only the guard's own policies ask whether other orders already close the position.
  facts.onlyReduces = facts.reducing && (facts.reduceOnly || facts.volume.lte(unclosed(facts)));
  facts.opposing =
    hasOpposite && facts.margin && !facts.reduceOnly && facts.volume.gt(facts.oppositePosition);
  facts.opening = facts.margin && !facts.reduceOnly && !hasOpposite;
  const price = facts.chargePrice;
  if (price === undefined) return;
  facts.notional = facts.remaining.times(price);
  if (facts.opening) facts.borrow = borrowOf(facts.pair, facts.side, facts.remaining, price, ctx.rules.table);
}

/** What is left of the opposite position once the other open reducing orders have closed their part. */
export function unclosed(facts: Pick<OrderFacts, 'oppositePosition' | 'oppositeClosing'>): Dec {
  const left = facts.oppositePosition.minus(facts.oppositeClosing);
  return left.isNegative() ? ZERO : left;
}

function requirePrices(facts: OrderFacts, out: ViolationSink): boolean {
  const needsPrice = LIMIT_PRICED.has(facts.orderType) || TRIGGER_PRICED.has(facts.orderType);
  const missing: string[] = [];
  if (needsPrice && facts.price === undefined) missing.push('price');
  if (TWO_PRICES.has(facts.orderType) && facts.price2 === undefined) missing.push('price2');
  for (const field of missing) {
    out.push({
      rule: 'intent',
      code: KRAKEN_CODES.invalidPrice,
      message: `a ${facts.orderType} order needs an absolute ${field}`,
      field,
    });
  }
  return missing.length === 0;
}

// Limit orders are charged at their limit; trigger orders at the trigger; the rest at the current price.
function chargePriceOf(
  orderType: OrderType,
  price: Dec | undefined,
  price2: Dec | undefined,
  reference: () => Dec | undefined,
): Dec | undefined {
  if (TWO_PRICES.has(orderType)) return price2;
  if (LIMIT_PRICED.has(orderType) || TRIGGER_PRICED.has(orderType)) return price;
  return reference();
}

/** The tracked price a market order is sized at: the ask for a buy, the bid for a sell, else the mid. */
function touchPrice(ctx: CheckContext, pairId: string, side: Side): Dec | undefined {
  const quote = ctx.state.mids.get(pairId);
  const touch = side === 'buy' ? quote?.ask : quote?.bid;
  return freshPrice(ctx, quote === undefined || touch === undefined ? quote : { price: touch, at: quote.at });
}

/** The effective leverage of a request on this pair and side (WS `margin: true` → the pair's maximum). */
export function effectiveLeverage(facts: OrderFacts): number | undefined {
  if (facts.leverage.kind === 'rest') return facts.leverage.value;
  if (facts.leverage.kind === 'ws-max') return maxOffered(facts.pair, facts.side);
  return undefined;
}
