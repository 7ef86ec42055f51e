import type { ValidationError } from '@krakenkit/client';
import { KRAKEN_CODES } from '../codes.js';
import { type Dec, toDecimal, toOptionalDecimal, ZERO } from '../decimal.js';
import type { Adjustments } from '../decision.js';
import { type OrderIntent, type OrderType, oppositeSide, type Side } from '../intent.js';
import type { PairInfo } from '../pairs/pair-info.js';
import { type Borrow, borrowOf } from '../pools.js';
import type { TrackedOrder } from '../state/orders.js';
import { type CheckContext, freshPrice, type ViolationSink } from './context.js';
import { type LeverageRequest, maxOffered, parseLeverage } from './leverage.js';
import { roundPrice, roundVolume } from './rounding.js';

/**
 * Everything the order rules need, worked out once per check: parsed numbers, the pair, how the order relates to
 * open positions (reducing, opposing, opening) and what it would borrow.
 */
export interface OrderFacts {
  pair: PairInfo;
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
  /** Open position volume on the pair on the other side (what this order could reduce). */
  oppositePosition: Dec;
  /** Reduces an open position: opposite side and (reduce-only, or margin and not larger than the position). */
  reducing: boolean;
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
const TRAILING: ReadonlySet<OrderType> = new Set(['trailing-stop', 'trailing-stop-limit']);

/** Orders with no absolute limit price: they execute at the market (limit_only markets refuse them). */
export function isMarketLike(orderType: OrderType): boolean {
  return !LIMIT_PRICED.has(orderType);
}

/** Builds the facts of a new order, or pushes `intent` violations and returns undefined. */
export function orderFacts(intent: OrderIntent, pair: PairInfo, ctx: CheckContext, out: ViolationSink) {
  const parsed = parseNumbers(intent, out);
  if (parsed === undefined) return undefined;
  const leverage = parseLeverage(intent.leverage, intent.margin);
  const margin = leverage.kind !== 'none';
  const reduceOnly = intent.reduceOnly === true;
  const opposite = ctx.state.exposure.pair(pair.id)?.positionVolume[oppositeSide(intent.side)] ?? ZERO;
  // Kraken: volume 0 on a closing margin order fills the whole position.
  const closesAll = parsed.volume.isZero() && (margin || reduceOnly) && opposite.gt(0);
  const adjusted: Adjustments = {};
  const volume = roundVolume(closesAll ? opposite : parsed.volume, pair, ctx.rules.rounding, adjusted);
  const price = roundPrice(parsed.price, 'price', intent.side, pair, ctx.rules.rounding, adjusted);
  const price2 = roundPrice(parsed.price2, 'price2', intent.side, pair, ctx.rules.rounding, adjusted);
  const facts: OrderFacts = {
    pair,
    side: intent.side,
    orderType: intent.orderType,
    volume,
    remaining: volume,
    price: TRIGGER_PRICED.has(intent.orderType) || LIMIT_PRICED.has(intent.orderType) ? price : undefined,
    price2: TWO_PRICES.has(intent.orderType) ? price2 : undefined,
    chargePrice: chargePriceOf(
      intent,
      price,
      price2,
      () => parsed.referencePrice ?? touchPrice(ctx, pair.id, intent.side),
    ),
    margin,
    leverage,
    reduceOnly,
    postOnly: intent.postOnly === true,
    oppositePosition: opposite,
    reducing: false,
    opposing: false,
    opening: false,
    borrow: undefined,
    notional: undefined,
    replacing: undefined,
    rateAction: 'add',
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
  facts.opposing =
    hasOpposite && facts.margin && !facts.reduceOnly && facts.volume.gt(facts.oppositePosition);
  facts.opening = facts.margin && !facts.reduceOnly && !hasOpposite;
  const price = facts.chargePrice;
  if (price === undefined) return;
  facts.notional = facts.remaining.times(price);
  if (facts.opening) facts.borrow = borrowOf(facts.pair, facts.side, facts.remaining, price, ctx.rules.table);
}

interface ParsedNumbers {
  volume: Dec;
  price: Dec | undefined;
  price2: Dec | undefined;
  referencePrice: Dec | undefined;
}

function parseNumbers(intent: OrderIntent, out: ViolationSink): ParsedNumbers | undefined {
  let failed = false;
  const read = (field: string, value: unknown, required: boolean): Dec | undefined => {
    try {
      return required ? toDecimal(field, value) : toOptionalDecimal(field, value);
    } catch (error) {
      failed = true;
      const invalid = error as ValidationError;
      out.push({ rule: 'intent', code: codeFor(field), message: invalid.message, field });
      return undefined;
    }
  };
  const volume = read('volume', intent.volume, true);
  // Trailing stops take offsets (`+50`, `2%`), not prices: the client checks their form, the guard charges them
  // at the reference price.
  const trailing = TRAILING.has(intent.orderType);
  const price = trailing ? undefined : read('price', intent.price, false);
  const price2 = trailing ? undefined : read('price2', intent.price2, false);
  const referencePrice = read('referencePrice', intent.referencePrice, false);
  if (failed || volume === undefined) return undefined;
  return { volume, price, price2, referencePrice };
}

function codeFor(field: string): string {
  if (field === 'volume') return KRAKEN_CODES.invalidVolume;
  return KRAKEN_CODES.invalidPrice;
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
  intent: OrderIntent,
  price: Dec | undefined,
  price2: Dec | undefined,
  reference: () => Dec | undefined,
): Dec | undefined {
  if (TWO_PRICES.has(intent.orderType)) return price2;
  if (LIMIT_PRICED.has(intent.orderType) || TRIGGER_PRICED.has(intent.orderType)) return price;
  return reference();
}

/** The effective leverage of a request on this pair and side (WS `margin: true` → the pair's maximum). */
/** The tracked price a market order is sized at: the ask for a buy, the bid for a sell, else the mid. */
function touchPrice(ctx: CheckContext, pairId: string, side: Side): Dec | undefined {
  const quote = ctx.state.mids.get(pairId);
  const touch = side === 'buy' ? quote?.ask : quote?.bid;
  return freshPrice(ctx, quote === undefined || touch === undefined ? quote : { price: touch, at: quote.at });
}

export function effectiveLeverage(facts: OrderFacts): number | undefined {
  if (facts.leverage.kind === 'rest') return facts.leverage.value;
  if (facts.leverage.kind === 'ws-max') return maxOffered(facts.pair, facts.side);
  return undefined;
}
