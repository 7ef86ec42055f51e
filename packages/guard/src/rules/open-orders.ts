import { KRAKEN_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';

/**
 * Open orders per pair: Kraken's tier limit (maxOpenOrdersPerPair: 60 / 80 / 225), or lower when configured
 * globally or per pair. In-flight orders count: they will be open in a moment.
 */
export function openOrdersRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  if (facts.replacing !== undefined) return;
  const { tier, sanity } = ctx.rules;
  const { pair } = facts;
  const limit = Math.min(
    tier.trading.maxOpenOrdersPerPair,
    sanity.maxOpenOrdersPerPair ?? Number.POSITIVE_INFINITY,
    pair.maxOpenOrders ?? Number.POSITIVE_INFINITY,
  );
  const open = ctx.state.exposure.pair(pair.id)?.openOrders ?? 0;
  if (open + 1 <= limit) return;
  out.push({
    rule: 'open-orders',
    code: KRAKEN_CODES.ordersLimit,
    message: `${pair.altname} already has ${open} open or in-flight orders; the limit is ${limit}${limit === tier.trading.maxOpenOrdersPerPair ? ` (${tier.name} tier)` : ''}`,
    limit: String(limit),
    requested: String(open + 1),
  });
}
