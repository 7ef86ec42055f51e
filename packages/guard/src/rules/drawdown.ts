import { GUARD_CODES } from '../codes.js';
import type { Dec } from '../decimal.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import { type LossScope, lossScopes, reducesRisk, unvalued, usdText } from '../engine/loss-scopes.js';
import type { OrderFacts } from '../engine/order-facts.js';
import { accountEquity } from '../engine/valuation.js';

/**
 * Max drawdown halt: once a bot's PnL (or the account's) is more than `maxDrawdownUsd` below its peak since the
 * guard started, or the account's equity more than `maxDrawdownPercent` below its peak, orders that add risk are
 * refused for as long as the guard runs (a drawdown does not heal at midnight); reducing orders still pass. The
 * account's equity is its balances at USD prices plus its trading PnL: price moves of what it held at the start
 * do not count, its trading does.
 */
export function drawdownRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  for (const scope of lossScopes(ctx)) {
    const { drawdownUsd, drawdownPercent, dailyLossUsd } = scope.limit;
    if ((drawdownUsd === undefined && drawdownPercent === undefined) || reducesRisk(facts, ctx, scope))
      continue;
    const pnl = scope.value.usd;
    if (pnl === undefined) {
      // The daily rule already says so when it judges this scope too.
      if (dailyLossUsd === undefined) out.push(unvalued(scope, scope.value.missing, 'drawdown'));
      continue;
    }
    const peak = pnl.gt(scope.ledger.peakUsd) ? pnl : scope.ledger.peakUsd;
    if (drawdownUsd !== undefined) amountCheck(scope, pnl, peak, drawdownUsd, out);
    if (drawdownPercent !== undefined) percentCheck(ctx, scope, pnl, peak, drawdownPercent, out);
  }
}

function amountCheck(scope: LossScope, pnl: Dec, peak: Dec, limit: Dec, out: ViolationSink): void {
  const latched = scope.ledger.drawdown;
  const live = peak.minus(pnl);
  if (!live.gt(limit) && latched === undefined) return;
  // The worst moment is what halted it; after a partial recovery the message still names that moment.
  const worst = latched?.amount.gt(live) ? latched : undefined;
  const amount = worst?.amount ?? live;
  out.push({
    rule: 'drawdown',
    code: GUARD_CODES.drawdown,
    message: `${scope.label} is ${usdText(amount)} USD below its peak PnL of ${usdText(worst?.peak ?? peak)} USD (now ${usdText(worst?.now ?? pnl)} USD), above its max drawdown of ${limit.toFixed()} USD: only orders that reduce its positions pass`,
    limit: limit.toFixed(),
    requested: usdText(amount),
    currency: 'USD',
  });
}

function percentCheck(
  ctx: CheckContext,
  scope: LossScope,
  pnl: Dec,
  peak: Dec,
  limit: number,
  out: ViolationSink,
): void {
  const equity = accountEquity(ctx.state, scope.valuer, scope.value);
  if (!('usd' in equity) || equity.balancesUsd.plus(peak).lte(0)) {
    out.push({
      rule: 'drawdown',
      code: GUARD_CODES.equityUnknown,
      message: `the ${limit}% max drawdown of ${scope.label} needs its equity, and the guard cannot value it (no balances with a USD price): only orders that reduce its positions pass`,
    });
    return;
  }
  const peakEquity = equity.balancesUsd.plus(peak);
  const amount = peak.minus(pnl);
  const percent = amount.div(peakEquity).times(100);
  const latched = scope.ledger.drawdownPercent;
  if (!percent.gt(limit) && latched === undefined) return;
  const worst = latched?.percent?.gt(percent) ? latched : undefined;
  const shownPercent = (worst?.percent ?? percent).toDecimalPlaces(2).toFixed();
  out.push({
    rule: 'drawdown',
    code: GUARD_CODES.drawdown,
    message: `${scope.label} equity is ${usdText(worst?.amount ?? amount)} USD (${shownPercent}%) below its peak of ${usdText(worst?.peak ?? peakEquity)} USD (now ${usdText(worst?.now ?? equity.usd)} USD), above its max drawdown of ${limit}%: only orders that reduce its positions pass`,
    limit: String(limit),
    requested: shownPercent,
    currency: '%',
  });
}
