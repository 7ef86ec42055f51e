import { KRAKEN_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';
import { rateCost } from '../state/rate-counters.js';

/**
 * The matching-engine budget per pair (data/tiers.yaml `trading`): the guard keeps its own decaying counter and
 * refuses an order that would take it past `threshold × sanity.orderRateBudget`, instead of letting Kraken answer
 * `EOrder:Rate limit exceeded` (which also costs the fixed increment).
 */
export function orderRateRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  const cost = orderCost(facts, ctx.now);
  const { trading } = ctx.rules.tier;
  const threshold = trading.threshold * ctx.rules.sanity.orderRateBudget;
  const counter = ctx.state.rates.valueAt(facts.pair.id, ctx.now);
  if (counter + cost <= threshold) return;
  out.push({
    rule: 'order-rate',
    code: KRAKEN_CODES.rateLimit,
    message: `${facts.pair.altname}'s matching-engine counter is ${counter.toFixed(2)}; this ${facts.rateAction} costs ${cost}, above the budget ${threshold} (decays ${trading.decayPerSecond}/s: wait ${waitSeconds(counter + cost - threshold, trading.decayPerSecond)} s)`,
    limit: String(threshold),
    requested: (counter + cost).toFixed(2),
  });
}

/** What this order adds to its pair's counter (amends and edits pay by the age of the order they change). */
export function orderCost(facts: OrderFacts, now: number): number {
  const age = facts.replacing === undefined ? 0 : now - facts.replacing.changedAt;
  return rateCost(facts.rateAction, age);
}

function waitSeconds(excess: number, decay: number): string {
  return decay > 0 ? (excess / decay).toFixed(1) : '∞';
}
