import { GUARD_CODES } from '../codes.js';
import type { Dec } from '../decimal.js';
import { type CheckContext, freshPrice, type ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';

const BPS = 10_000;

/**
 * Fat-finger check: a limit or trigger price further than `priceBandBps` from the reference mid is refused, and so
 * is a market order whose expected price (the `referencePrice` it was given, else the ask for a buy and the bid
 * for a sell) is: a stale or mistyped reference, or a spread wider than the band. Configured globally
 * (`sanity.priceBandBps`) or per pair (`false` turns it off there); unset means no band. With a band and no (fresh)
 * mid the order is refused: the guard cannot tell a sane price from a typo.
 */
export function priceBandRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  const pairBand = facts.pair.priceBandBps;
  const bps = pairBand === false ? undefined : (pairBand ?? ctx.rules.sanity.priceBandBps);
  const market = facts.price === undefined && facts.price2 === undefined;
  // A market order without an expected price is refused by the reference-price rule already.
  if (bps === undefined || (market && facts.chargePrice === undefined)) return;
  const mid = freshPrice(ctx, ctx.state.mids.get(facts.pair.id));
  if (mid === undefined || mid.isZero()) {
    out.push({
      rule: 'price-band',
      code: GUARD_CODES.missingReferencePrice,
      message: `the ${bps} bps price band on ${facts.pair.altname} needs a reference mid, and none (fresh) is known: call guard.setReferencePrice()`,
    });
    return;
  }
  if (facts.price !== undefined) checkBand(facts, 'price', facts.price, mid, bps, out);
  if (facts.price2 !== undefined) checkBand(facts, 'price2', facts.price2, mid, bps, out);
  if (market && facts.chargePrice !== undefined)
    checkBand(facts, 'referencePrice', facts.chargePrice, mid, bps, out);
}

function checkBand(
  facts: OrderFacts,
  field: 'price' | 'price2' | 'referencePrice',
  price: Dec,
  mid: Dec,
  bps: number,
  out: ViolationSink,
): void {
  const deviation = price.minus(mid).abs().div(mid).times(BPS);
  if (deviation.lte(bps)) return;
  const width = mid.times(bps).div(BPS);
  out.push({
    rule: 'price-band',
    code: GUARD_CODES.priceBand,
    message: `${field === 'referencePrice' ? 'expected price' : field} ${price.toFixed()} is ${deviation.toDecimalPlaces(1).toFixed()} bps from the reference mid ${mid.toFixed()} on ${facts.pair.altname}; the band is ${bps} bps (${mid.minus(width).toFixed()} – ${mid.plus(width).toFixed()})`,
    limit: String(bps),
    requested: deviation.toDecimalPlaces(1).toFixed(),
    // limit and requested are distances from the mid, not money.
    currency: 'bps',
    field,
  });
}
