import { GUARD_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import { lossScopes, reducesRisk, unvalued, usdText } from '../engine/loss-scopes.js';
import type { OrderFacts } from '../engine/order-facts.js';
import { utcDay, utcDayText } from '../state/pnl-ledger.js';

/**
 * Daily loss halt: once a bot (or the account) has lost more than `maxDailyLossUsd` over the UTC day (fees
 * included, open positions marked at the mid), orders that add risk are refused until 00:00 UTC, even if the price
 * recovers meanwhile; orders that reduce its positions still pass. A day is a UTC calendar day: what traders and
 * Kraken's own daily limits count in.
 */
export function dailyLossRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  const today = utcDay(ctx.now);
  for (const scope of lossScopes(ctx)) {
    const limit = scope.limit.dailyLossUsd;
    if (limit === undefined || reducesRisk(facts, ctx, scope)) continue;
    if (scope.value.usd === undefined) {
      out.push(unvalued(scope, scope.value.missing, 'daily loss'));
      continue;
    }
    const live = scope.ledger.dayPnl(scope.value.usd, ctx.now).neg();
    const latched = scope.ledger.daily?.day === today ? scope.ledger.daily.amount : undefined;
    const loss = latched?.gt(live) ? latched : live;
    if (!loss.gt(limit) && latched === undefined) continue;
    out.push({
      rule: 'daily-loss',
      code: GUARD_CODES.dailyLoss,
      message: `${scope.label} has lost ${usdText(loss)} USD today (UTC day ${utcDayText(today)}, fees included, open positions at the mid), above its daily loss limit of ${limit.toFixed()} USD: only orders that reduce its positions pass until 00:00 UTC`,
      limit: limit.toFixed(),
      requested: usdText(loss),
      currency: 'USD',
    });
  }
}
