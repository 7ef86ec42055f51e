import type { ExchangeContext } from '../context.js';
import type { Decimal } from '../core/decimal.js';
import { E, invalidArgument, KrakenRejection } from '../core/rejection.js';
import type { Pair } from '../market/pairs.js';
import type { OrderDraft } from './draft.js';
import type { OrderRequest } from './order-request.js';

/**
 * Pair status rules for a new order (docs/kraken/margin-rules.md: cancel_only, post_only, limit_only). reduce_only is a
 * margin rule: it needs the account's positions (see margin/margin-rules.ts).
 */
export function checkPairStatus(ctx: ExchangeContext, pair: Pair, request: OrderRequest): void {
  const system = ctx.system.status;
  if (system === 'maintenance') throw new KrakenRejection(E.serviceUnavailable);
  switch (system === 'online' ? pair.status : system) {
    case 'cancel_only':
      throw new KrakenRejection(E.cancelOnly);
    case 'post_only':
      if (!request.oflags.includes('post')) throw new KrakenRejection(E.postOnly);
      return;
    case 'limit_only':
      if (request.ordertype === 'market') throw new KrakenRejection(ctx.errors.limitOnlyMarketOrder);
      return;
    default:
      return;
  }
}

/**
 * Pair limits from AssetPairs, in this order: volume decimals (lot_decimals), price decimals (pair_decimals),
 * ordermin, costmin, tick_size.
 */
export function checkPairLimits(draft: OrderDraft): void {
  const { pair, volume } = draft;
  if (volume.decimalPlaces() > pair.lotDecimals) throw invalidArgument('volume');
  for (const [name, price] of [
    ['price', draft.price],
    ['price2', draft.price2],
  ] as const) {
    if (price !== undefined && price.decimalPlaces() > pair.pairDecimals) throw invalidArgument(name);
  }
  if (volume.lessThan(pair.ordermin)) throw new KrakenRejection(E.orderMinimum);
  if (volume.times(draft.referencePrice).lessThan(pair.costmin)) throw new KrakenRejection(E.costMinimum);
  for (const price of [draft.price, draft.price2]) {
    if (price !== undefined && !isTickMultiple(price, pair.tickSize)) throw new KrakenRejection(E.tickSize);
  }
}

function isTickMultiple(price: Decimal, tick: Decimal): boolean {
  return price.modulo(tick).isZero();
}
