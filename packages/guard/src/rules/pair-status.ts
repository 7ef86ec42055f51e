import { KRAKEN_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import { isMarketLike, type OrderFacts } from '../engine/order-facts.js';

/**
 * AssetPairs `status`: cancel_only lets nothing new through; post_only needs the post flag; limit_only refuses
 * orders without an absolute limit price. reduce_only is its own rule (reduce-only-market).
 */
export function pairStatusRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  const { pair } = facts;
  switch (pair.status) {
    case 'cancel_only':
      out.push({
        rule: 'pair-status',
        code: KRAKEN_CODES.cancelOnly,
        message: `${pair.altname} is in cancel_only mode: only cancels are accepted`,
      });
      return;
    case 'post_only':
      if (!facts.postOnly) {
        out.push({
          rule: 'pair-status',
          code: KRAKEN_CODES.postOnly,
          message: `${pair.altname} is in post_only mode: orders need the post flag (oflags=post / postOnly: true)`,
          field: 'postOnly',
        });
      }
      return;
    case 'limit_only':
      if (isMarketLike(facts.orderType)) {
        out.push({
          rule: 'pair-status',
          code: ctx.rules.codes.limitOnlyMarketOrder,
          message: `${pair.altname} is in limit_only mode: a ${facts.orderType} order is not accepted, only orders with a limit price`,
          field: 'orderType',
        });
      }
      return;
    default:
      return;
  }
}
