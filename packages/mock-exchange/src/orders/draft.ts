import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { type Decimal, ZERO } from '../core/decimal.js';
import { invalidArgument, KrakenRejection } from '../core/rejection.js';
import { openVolume } from '../margin/position.js';
import type { Pair } from '../market/pairs.js';
import type { OrderRequest, PriceSpec } from './order-request.js';
import { isTrailingType, referenceOf, startTrail, type TrailState, trailTermsOf } from './trailing.js';

/** An order request resolved against the market: absolute prices, final volume, the price that sizes it. */
export interface OrderDraft {
  request: OrderRequest;
  pair: Pair;
  volume: Decimal;
  price: Decimal | undefined;
  price2: Decimal | undefined;
  /** Price that values the order: its limit price, else its trigger price, else the touch (ask/bid). */
  referencePrice: Decimal;
  /** A trailing order's terms and starting peak (the reference price now); its prices are the ones they imply. */
  trail?: TrailState;
}

/**
 * Resolves relative prices (offsets from the last trade price; a trailing order's from the reference it follows),
 * `viqc` (volume in quote currency) and a zero volume on a closing margin order (auto-filled to the open opposite
 * position size).
 */
export function buildDraft(
  ctx: ExchangeContext,
  account: Account,
  pair: Pair,
  request: OrderRequest,
): OrderDraft {
  const market = ctx.markets.of(pair);
  const trailing = isTrailingType(request.ordertype)
    ? startTrail(
        request.side,
        trailTermsOf(request.ordertype, request.price, request.price2),
        referenceOf(market, request.trigger),
        pair,
      )
    : undefined;
  const price = trailing?.price ?? resolvePrice(request.price, market.last, pair);
  const price2 = trailing === undefined ? resolvePrice(request.price2, market.last, pair) : trailing.price2;
  const touch = request.side === 'buy' ? market.ask : market.bid;
  let volume = request.volume;
  if (request.oflags.includes('viqc')) {
    volume = volume.div(touch).toDecimalPlaces(pair.lotDecimals, 1);
  }
  if (volume.isZero()) volume = closingVolume(ctx, account, pair, request);
  const limit =
    request.ordertype === 'limit' ? price : request.ordertype.endsWith('-limit') ? price2 : undefined;
  const draft: OrderDraft = { request, pair, volume, price, price2, referencePrice: limit ?? price ?? touch };
  if (trailing !== undefined) draft.trail = trailing.trail;
  return draft;
}

function resolvePrice(spec: PriceSpec | undefined, last: Decimal, pair: Pair): Decimal | undefined {
  if (spec === undefined) return undefined;
  if (spec.kind === 'absolute') return spec.value;
  const offset = spec.percent ? last.times(spec.value).div(100) : spec.value;
  const raw = last.plus(offset.times(spec.sign));
  const rounded = raw.div(pair.tickSize).toDecimalPlaces(0).times(pair.tickSize);
  if (rounded.lessThanOrEqualTo(ZERO)) throw invalidArgument('price');
  return rounded;
}

/** `volume: 0` is allowed only for closing margin orders: it means "the whole opposite position". */
function closingVolume(ctx: ExchangeContext, account: Account, pair: Pair, request: OrderRequest): Decimal {
  if (request.leverage === undefined && !request.reduceOnly) throw invalidArgument('volume');
  let open = ZERO;
  for (const position of account.positions.values()) {
    if (position.pair.id === pair.id && position.side !== request.side)
      open = open.plus(openVolume(position));
  }
  if (open.isZero()) {
    throw request.reduceOnly
      ? new KrakenRejection(ctx.errors.reduceOnlyNoPosition)
      : invalidArgument('volume');
  }
  return open;
}
