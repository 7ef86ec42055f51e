import { KRAKEN_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import { offeredLeverage } from '../engine/leverage.js';
import { effectiveLeverage, type OrderFacts } from '../engine/order-facts.js';

/**
 * Margin eligibility and leverage. Starter has margin disabled (`EOrder:Cannot open position`). The leverage must
 * be one the pair offers for the side (leverage_buy / leverage_sell) and not above the tier's maxLeverage or the
 * pair's configured cap. WS v2 `margin: true` counts at the pair's maximum leverage for the side.
 * Amends keep the leverage the order was checked with.
 */
export function tierLeverageRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  if (!facts.margin || facts.replacing !== undefined) return;
  const { tier } = ctx.rules;
  const { pair, side } = facts;
  if (!tier.margin) {
    out.push({
      rule: 'tier-leverage',
      code: KRAKEN_CODES.cannotOpenPosition,
      message: `margin trading is disabled for the ${tier.name} tier`,
      field: 'leverage',
    });
    return;
  }
  if (facts.leverage.kind === 'invalid') {
    out.push({
      rule: 'tier-leverage',
      code: KRAKEN_CODES.invalidLeverage,
      message: `leverage ${facts.leverage.text} is not a leverage (expected e.g. "2" or "5:1")`,
      field: 'leverage',
    });
    return;
  }
  const offered = offeredLeverage(pair, side);
  const leverage = effectiveLeverage(facts);
  const how = facts.leverage.kind === 'ws-max' ? ' (margin: true uses the pair maximum)' : '';
  if (leverage === undefined || !offered.includes(leverage)) {
    const list = offered.length === 0 ? 'none: no margin on this side' : offered.join(', ');
    out.push({
      rule: 'tier-leverage',
      code: KRAKEN_CODES.invalidLeverage,
      message: `leverage ${leverage ?? '-'}${how} is not offered for ${side}s on ${pair.altname} (leverage_${side}: ${list})`,
      ...(leverage === undefined ? {} : { requested: String(leverage) }),
      field: 'leverage',
    });
    return;
  }
  const cap = Math.min(tier.maxLeverage, pair.maxLeverage ?? Number.POSITIVE_INFINITY);
  if (leverage > cap) {
    const source =
      cap === tier.maxLeverage
        ? `the ${tier.name} tier's maximum`
        : `the configured maximum for ${pair.altname}`;
    out.push({
      rule: 'tier-leverage',
      code: KRAKEN_CODES.invalidLeverage,
      message: `leverage ${leverage}${how} is above ${source} ${cap}`,
      limit: String(cap),
      requested: String(leverage),
      field: 'leverage',
    });
  }
}
