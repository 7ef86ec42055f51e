import { conditionalCloseRule } from '../rules/conditional-close.js';
import { dailyLossRule } from '../rules/daily-loss.js';
import { drawdownRule } from '../rules/drawdown.js';
import { marginAllowanceRule } from '../rules/margin-allowance.js';
import { notionalRule } from '../rules/notional.js';
import { openOrdersRule } from '../rules/open-orders.js';
import { opposingPositionRule } from '../rules/opposing-position.js';
import { orderRateRule } from '../rules/order-rate.js';
import { pairLimitsRule } from '../rules/pair-limits.js';
import { pairStatusRule } from '../rules/pair-status.js';
import { positionSizeRule } from '../rules/position-size.js';
import { priceBandRule } from '../rules/price-band.js';
import { reduceOnlyMarketRule } from '../rules/reduce-only-market.js';
import { reduceOnlyOrderRule } from '../rules/reduce-only-order.js';
import { referencePriceRule } from '../rules/reference-price.js';
import { tierLeverageRule } from '../rules/tier-leverage.js';
import type { CheckContext, ViolationSink } from './context.js';
import type { OrderFacts } from './order-facts.js';

/** A rule over one order: reads facts and context, appends violations, never throws, never writes state. */
export type OrderRule = (facts: OrderFacts, ctx: CheckContext, out: ViolationSink) => void;

/**
 * Every order rule, in the order violations are listed (Kraken's own checks first, the guard's sanity limits
 * after). All of them run: a decision lists every violation, not just the first. The trading-state rule runs
 * before these, in engine/check.ts, because it also applies to orders that could not be understood.
 */
export const ORDER_RULES: readonly OrderRule[] = [
  pairStatusRule,
  referencePriceRule,
  pairLimitsRule,
  tierLeverageRule,
  reduceOnlyMarketRule,
  reduceOnlyOrderRule,
  opposingPositionRule,
  conditionalCloseRule,
  marginAllowanceRule,
  positionSizeRule,
  priceBandRule,
  notionalRule,
  dailyLossRule,
  drawdownRule,
  openOrdersRule,
  orderRateRule,
];
