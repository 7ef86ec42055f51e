import { GUARD_CODES } from '../codes.js';
import { ZERO } from '../decimal.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';

/**
 * Notional caps in the pair's quote currency: per order (`maxOrderNotional`), and per pair across open orders and
 * margin positions (`maxPairNotional`); per pair in `pairs:` or per quote currency in `sanity:`. Unset means no
 * cap. An order that reduces a position is never held back by the pair cap: it lowers exposure.
 */
export function notionalRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  const notional = facts.notional;
  if (notional === undefined) return;
  const { pair } = facts;
  const { sanity } = ctx.rules;
  const orderCap = pair.maxOrderNotional ?? sanity.maxOrderNotional.get(pair.quote);
  if (orderCap !== undefined && notional.gt(orderCap)) {
    out.push({
      rule: 'notional',
      code: GUARD_CODES.orderNotional,
      message: `order notional ${notional.toFixed()} ${pair.quote} (${facts.remaining.toFixed()} × ${facts.chargePrice?.toFixed()}) on ${pair.altname} is above the per-order cap ${orderCap.toFixed()} ${pair.quote}`,
      limit: orderCap.toFixed(),
      requested: notional.toFixed(),
      currency: pair.quote,
      field: 'volume',
    });
  }
  const pairCap = pair.maxPairNotional ?? sanity.maxPairNotional.get(pair.quote);
  if (pairCap === undefined || facts.reducing) return;
  const current = (ctx.state.exposure.pair(pair.id)?.notional ?? ZERO).minus(
    facts.replacing?.exposure.notional ?? ZERO,
  );
  const after = current.plus(notional);
  if (after.lte(pairCap)) return;
  out.push({
    rule: 'notional',
    code: GUARD_CODES.pairNotional,
    message: `notional on ${pair.altname} would be ${after.toFixed()} ${pair.quote} (open orders and positions ${current.toFixed()} + this ${notional.toFixed()}), above the pair cap ${pairCap.toFixed()} ${pair.quote}`,
    limit: pairCap.toFixed(),
    requested: after.toFixed(),
    currency: pair.quote,
  });
}
