import { GUARD_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';

/**
 * A market (or trailing) order is charged at the current price: without one the guard cannot size its borrow,
 * cost or notional, so it refuses (fail closed) rather than guess.
 */
export function referencePriceRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  if (facts.chargePrice !== undefined) return;
  const maxAge = ctx.rules.sanity.referencePriceMaxAgeMs;
  const staleness = maxAge === undefined ? '' : ` no older than ${maxAge} ms`;
  out.push({
    rule: 'reference-price',
    code: GUARD_CODES.missingReferencePrice,
    message: `a ${facts.orderType} order on ${facts.pair.altname} is priced at the current market, and no reference price${staleness} is known: pass referencePrice or call guard.setReferencePrice()`,
    field: 'referencePrice',
  });
}
